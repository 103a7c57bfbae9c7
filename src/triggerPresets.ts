/**
 * The schedule dialog's trigger presets and their mapping to API triggers, both ways.
 * Pure (no JupyterLab imports): unit-tested under plain jest.
 */
import type { Trigger } from './apiTypes';
import { isoToWallTime, wallTimeToIso } from './timeFormat';

export type PresetId =
  | 'hourly'
  | 'daily'
  | 'weekdays'
  | 'weekends'
  | 'weekly'
  | 'monthly'
  | 'interval'
  | 'once'
  | 'cron';

export interface IPreset {
  id: PresetId;
  label: string;
}

/** The chips, in the order the dialog shows them. */
export const PRESETS: readonly IPreset[] = [
  { id: 'hourly', label: 'Every hour' },
  { id: 'daily', label: 'Every day at…' },
  { id: 'weekdays', label: 'Weekdays 8–23 hourly' },
  { id: 'weekends', label: 'Weekends three times a day' },
  { id: 'weekly', label: 'Weekly' },
  { id: 'monthly', label: 'Monthly' },
  { id: 'interval', label: 'Every N minutes' },
  { id: 'once', label: 'Once at…' },
  { id: 'cron', label: 'Custom cron' }
];

export const WEEKDAYS_CRON = '0 8-23 * * 1-5';
export const WEEKENDS_CRON = '0 9,15,21 * * 6,0';
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** What the dialog's inputs hold, whichever preset is chosen. */
export interface ITriggerInputs {
  /** "HH:MM", for daily, weekly and monthly */
  time: string;
  /** 0 (Sunday) … 6 (Saturday), for weekly */
  weekday: number;
  /** 1 … 31, for monthly */
  dayOfMonth: number;
  /** 5 or 6 fields, for custom cron */
  cron: string;
  /** for every N minutes */
  minutes: number;
  /** "YYYY-MM-DDTHH:MM" as a datetime-local input gives it, for once */
  at: string;
  /** IANA zone the cron and the once time are read in */
  timezone: string;
}

export interface IFieldProblem {
  field: string;
  message: string;
}

export type TriggerResult = { trigger: Trigger; error?: undefined } | { trigger?: undefined; error: IFieldProblem };

/** Whether a preset fires on a cron expression (and so shows it and takes a zone). */
export function isCronPreset(preset: PresetId): boolean {
  return preset !== 'interval' && preset !== 'once';
}

function parseTime(time: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!m) {
    return null;
  }
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) {
    return null;
  }
  return { hour, minute };
}

/** The cron expression a cron preset stands for, or a problem with the inputs it needs. */
export function presetCron(preset: PresetId, inputs: ITriggerInputs): { cron: string } | { error: IFieldProblem } {
  const needTime = (): { hour: number; minute: number } | IFieldProblem =>
    parseTime(inputs.time) ?? { field: 'trigger.time', message: 'Give a time as HH:MM.' };
  switch (preset) {
    case 'hourly':
      return { cron: '0 * * * *' };
    case 'weekdays':
      return { cron: WEEKDAYS_CRON };
    case 'weekends':
      return { cron: WEEKENDS_CRON };
    case 'daily':
    case 'weekly':
    case 'monthly': {
      const t = needTime();
      if ('field' in t) {
        return { error: t };
      }
      if (preset === 'daily') {
        return { cron: `${t.minute} ${t.hour} * * *` };
      }
      if (preset === 'weekly') {
        if (!Number.isInteger(inputs.weekday) || inputs.weekday < 0 || inputs.weekday > 6) {
          return { error: { field: 'trigger.weekday', message: 'Choose a day of the week.' } };
        }
        return { cron: `${t.minute} ${t.hour} * * ${inputs.weekday}` };
      }
      if (!Number.isInteger(inputs.dayOfMonth) || inputs.dayOfMonth < 1 || inputs.dayOfMonth > 31) {
        return { error: { field: 'trigger.dayOfMonth', message: 'Give a day of the month from 1 to 31.' } };
      }
      return { cron: `${t.minute} ${t.hour} ${inputs.dayOfMonth} * *` };
    }
    case 'cron': {
      const cron = inputs.cron.trim().split(/\s+/).join(' ');
      const fields = cron ? cron.split(' ').length : 0;
      if (fields !== 5 && fields !== 6) {
        return {
          error: {
            field: 'trigger.cron',
            message: `A cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; this one has ${fields}.`
          }
        };
      }
      return { cron };
    }
    default:
      return { error: { field: 'trigger', message: 'This preset has no cron expression.' } };
  }
}

/** The API trigger for a preset and the dialog's inputs, or the field that is wrong. */
export function presetToTrigger(preset: PresetId, inputs: ITriggerInputs): TriggerResult {
  if (preset === 'interval') {
    const minutes = Number(inputs.minutes);
    if (!Number.isInteger(minutes) || minutes < 1) {
      return { error: { field: 'trigger.everySeconds', message: 'Give a whole number of minutes, at least 1.' } };
    }
    return { trigger: { everySeconds: minutes * 60 } };
  }
  if (preset === 'once') {
    const at = wallTimeToIso(inputs.at, inputs.timezone);
    if (!at) {
      return { error: { field: 'trigger.at', message: 'Give a date and a time.' } };
    }
    return { trigger: { at } };
  }
  const result = presetCron(preset, inputs);
  if ('error' in result) {
    return { error: result.error };
  }
  return { trigger: { cron: result.cron, timezone: inputs.timezone } };
}

/**
 * The preset and inputs that show an existing trigger in the dialog (for editing):
 * the most specific preset whose cron is exactly the trigger's, else custom cron.
 */
export function triggerToPreset(
  trigger: Trigger,
  defaults: ITriggerInputs
): { preset: PresetId; inputs: ITriggerInputs } {
  if ('everySeconds' in trigger) {
    return {
      preset: 'interval',
      inputs: { ...defaults, minutes: Math.max(1, Math.round(trigger.everySeconds / 60)) }
    };
  }
  if ('at' in trigger) {
    return { preset: 'once', inputs: { ...defaults, at: isoToWallTime(trigger.at, defaults.timezone) } };
  }
  const cron = trigger.cron.trim().split(/\s+/).join(' ');
  const inputs: ITriggerInputs = { ...defaults, cron, timezone: trigger.timezone || defaults.timezone };
  if (cron === '0 * * * *') {
    return { preset: 'hourly', inputs };
  }
  if (cron === WEEKDAYS_CRON) {
    return { preset: 'weekdays', inputs };
  }
  if (cron === WEEKENDS_CRON) {
    return { preset: 'weekends', inputs };
  }
  const m = /^(\d{1,2}) (\d{1,2}) (\*|\d{1,2}) \* (\*|\d)$/.exec(cron);
  if (m) {
    const minute = Number(m[1]);
    const hour = Number(m[2]);
    if (minute <= 59 && hour <= 23) {
      const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
      if (m[3] === '*' && m[4] === '*') {
        return { preset: 'daily', inputs: { ...inputs, time } };
      }
      if (m[3] === '*' && Number(m[4]) <= 6) {
        return { preset: 'weekly', inputs: { ...inputs, time, weekday: Number(m[4]) } };
      }
      if (m[4] === '*' && m[3] !== '*' && Number(m[3]) >= 1 && Number(m[3]) <= 31) {
        return { preset: 'monthly', inputs: { ...inputs, time, dayOfMonth: Number(m[3]) } };
      }
    }
  }
  return { preset: 'cron', inputs };
}

/** A stable key for a trigger (to cache its plain-English description). */
export function triggerKey(trigger: Trigger): string {
  if ('everySeconds' in trigger) {
    return `every:${trigger.everySeconds}`;
  }
  if ('at' in trigger) {
    return `at:${trigger.at}`;
  }
  return `cron:${trigger.cron.trim()}@${trigger.timezone ?? ''}`;
}

/** A schedule name from a notebook path: "reports/Daily sales.ipynb" → "Daily sales". */
export function nameFromNotebook(path: string): string {
  const base = path.split('/').pop() ?? '';
  return base.replace(/\.ipynb$/i, '');
}

/** The field a preview error is shown under: always one of the trigger's (`trigger.cron`…). */
export function previewErrorField(field: string | null, trigger: Trigger): string {
  if (field) {
    return field === 'trigger' || field.startsWith('trigger.') ? field : `trigger.${field}`;
  }
  if ('cron' in trigger) {
    return 'trigger.cron';
  }
  return 'everySeconds' in trigger ? 'trigger.everySeconds' : 'trigger.at';
}

export function defaultOnceTime(now: number): string {
  const d = new Date(now + 60 * 60 * 1000);
  d.setMinutes(0, 0, 0);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
}
