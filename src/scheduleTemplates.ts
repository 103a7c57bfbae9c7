import { ITriggerInputs, PresetId, presetCron } from './triggerPresets';

/** A common pattern to start a schedule from: a preset and the inputs it needs. */
export interface IScheduleTemplate {
  id: string;
  label: string;
  preset: PresetId;
  inputs: Partial<ITriggerInputs>;
}

export const TEMPLATES: readonly IScheduleTemplate[] = [
  { id: 'weekdays-hourly', label: 'Weekdays, hourly 08:00–23:00', preset: 'weekdays', inputs: {} },
  { id: 'weekends-3x', label: 'Weekends at 09:00, 15:00 and 21:00', preset: 'weekends', inputs: {} },
  { id: 'daily-0700', label: 'Daily at 07:00', preset: 'daily', inputs: { time: '07:00' } },
  { id: 'weekly-sunday-0200', label: 'Weekly on Sunday at 02:00', preset: 'weekly', inputs: { weekday: 0, time: '02:00' } }
];

/** The inputs after picking a template: its own values, and the cron they make. */
export function applyTemplate(template: IScheduleTemplate, inputs: ITriggerInputs): ITriggerInputs {
  const next = { ...inputs, ...template.inputs };
  const cron = presetCron(template.preset, next);
  return 'cron' in cron ? { ...next, cron: cron.cron } : next;
}
