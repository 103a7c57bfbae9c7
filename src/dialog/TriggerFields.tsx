import * as React from 'react';

import { browserTimeZone } from '../timeFormat';
import { isCronPreset, ITriggerInputs, PresetId, WEEKDAY_NAMES } from '../triggerPresets';
import type { FieldErrors } from './FieldErrorList';
import { IScheduleTemplate, TEMPLATES } from '../scheduleTemplates';
import { timeZoneChoices } from './timeZones';

/** "Start from a template…": common patterns that set the preset and its inputs. */
export function TemplatePicker(props: { onPick: (template: IScheduleTemplate) => void }): JSX.Element {
  return (
    <select
      className="jp-mod-styled jp-nbschedule-Templates"
      aria-label="Start from a template"
      value=""
      onChange={event => {
        const template = TEMPLATES.find(t => t.id === event.target.value);
        if (template) {
          props.onPick(template);
        }
      }}
    >
      <option value="">Start from a template…</option>
      {TEMPLATES.map(t => (
        <option key={t.id} value={t.id}>
          {t.label}
        </option>
      ))}
    </select>
  );
}

export interface ITriggerFieldsProps {
  preset: PresetId;
  inputs: ITriggerInputs;
  errors: FieldErrors;
  setInput: <K extends keyof ITriggerInputs>(key: K, value: ITriggerInputs[K]) => void;
  /** A cron typed by hand: the preset becomes "Custom cron". */
  onCron: (cron: string) => void;
}

/** The inputs of the chosen preset: time, weekday, day, minutes, instant, zone, and the cron. */
export function TriggerFields(props: ITriggerFieldsProps): JSX.Element {
  const { preset, inputs, errors, setInput } = props;
  const uid = React.useId();
  const id = (part: string): string => `${uid}-${part}`;
  const zones = React.useMemo(() => timeZoneChoices(inputs.timezone), [inputs.timezone]);
  const browserZone = browserTimeZone();
  const showTime = preset === 'daily' || preset === 'weekly' || preset === 'monthly';
  const hasZone = preset !== 'interval';
  return (
    <>
        <div className="jp-nbschedule-Row">
          {showTime && (
            <div className="jp-nbschedule-Field">
              <label htmlFor={id('time')}>At</label>
              <input
                id={id('time')}
                type="time"
                className="jp-mod-styled"
                value={inputs.time}
                onChange={event => setInput('time', event.target.value)}
              />
            </div>
          )}
          {preset === 'weekly' && (
            <div className="jp-nbschedule-Field">
              <label htmlFor={id('weekday')}>Day of the week</label>
              <select
                id={id('weekday')}
                className="jp-mod-styled"
                value={inputs.weekday}
                onChange={event => setInput('weekday', Number(event.target.value))}
              >
                {[1, 2, 3, 4, 5, 6, 0].map(d => (
                  <option key={d} value={d}>
                    {WEEKDAY_NAMES[d]}
                  </option>
                ))}
              </select>
            </div>
          )}
          {preset === 'monthly' && (
            <div className="jp-nbschedule-Field">
              <label htmlFor={id('dom')}>Day of the month</label>
              <input
                id={id('dom')}
                type="number"
                min={1}
                max={31}
                className="jp-mod-styled"
                value={inputs.dayOfMonth}
                onChange={event => setInput('dayOfMonth', Number(event.target.value))}
              />
            </div>
          )}
          {preset === 'interval' && (
            <div className="jp-nbschedule-Field">
              <label htmlFor={id('minutes')}>Every (minutes)</label>
              <input
                id={id('minutes')}
                type="number"
                min={1}
                step={1}
                className="jp-mod-styled"
                value={Number.isFinite(inputs.minutes) ? inputs.minutes : ''}
                onChange={event => setInput('minutes', Number(event.target.value))}
              />
            </div>
          )}
          {preset === 'once' && (
            <div className="jp-nbschedule-Field">
              <label htmlFor={id('at')}>Date and time</label>
              <input
                id={id('at')}
                type="datetime-local"
                className="jp-mod-styled"
                value={inputs.at}
                onChange={event => setInput('at', event.target.value)}
              />
            </div>
          )}
          {hasZone && (
            <div className="jp-nbschedule-Field">
              <label htmlFor={id('tz')}>Time zone</label>
              <select
                id={id('tz')}
                className="jp-mod-styled"
                value={inputs.timezone}
                onChange={event => setInput('timezone', event.target.value)}
              >
                {zones.map(zone => (
                  <option key={zone} value={zone}>
                    {zone === browserZone ? `${zone} (browser)` : zone}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>

        {isCronPreset(preset) && (
          <div className="jp-nbschedule-Field">
            <label htmlFor={id('cron')}>Cron (advanced: 5 fields, or 6 with seconds first)</label>
            <input
              id={id('cron')}
              className="jp-mod-styled jp-nbschedule-CronInput"
              value={inputs.cron}
              spellCheck={false}
              aria-invalid={Object.keys(errors).some(f => f.startsWith('trigger'))}
              onChange={event => props.onCron(event.target.value)}
            />
          </div>
        )}
    </>
  );
}
