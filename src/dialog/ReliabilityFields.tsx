import * as React from 'react';

import { CATCH_UP_CHOICES, IPolicyInputs, OVERLAP_CHOICES } from '../schedulePolicies';
import { FieldErrorList, FieldErrors } from './FieldErrorList';

export interface IReliabilityFieldsProps {
  inputs: IPolicyInputs;
  errors: FieldErrors;
  onChange: (inputs: IPolicyInputs) => void;
}

/** The "Reliability" section: timeout, retries, overlap, catch-up, kept runs, each explained in a line. */
export function ReliabilityFields(props: IReliabilityFieldsProps): JSX.Element {
  const { inputs, errors } = props;
  const uid = React.useId();
  const id = (part: string): string => `${uid}-${part}`;
  const set = <K extends keyof IPolicyInputs>(key: K, value: IPolicyInputs[K]): void =>
    props.onChange({ ...inputs, [key]: value });
  const hasError = Object.keys(errors).some(f =>
    /^(timeoutSeconds|retries|overlap|catchUp|keepRuns)/.test(f)
  );
  return (
    <details className="jp-nbschedule-Section jp-nbschedule-Reliability" open={hasError || undefined}>
      <summary>Reliability</summary>
      <div className="jp-nbschedule-Row">
        <div className="jp-nbschedule-Field">
          <label htmlFor={id('timeout')}>Timeout (minutes)</label>
          <input
            id={id('timeout')}
            className="jp-mod-styled"
            inputMode="decimal"
            placeholder="none"
            value={inputs.timeoutMinutes}
            aria-describedby={id('timeout-help')}
            onChange={e => set('timeoutMinutes', e.target.value)}
          />
          <div id={id('timeout-help')} className="jp-nbschedule-Help">
            Stop a run that takes longer; empty: no limit.
          </div>
          <FieldErrorList errors={errors} slot="timeoutSeconds" />
        </div>
        <div className="jp-nbschedule-Field">
          <label htmlFor={id('keep')}>Keep runs</label>
          <input
            id={id('keep')}
            className="jp-mod-styled"
            inputMode="numeric"
            value={inputs.keepRuns}
            aria-describedby={id('keep-help')}
            onChange={e => set('keepRuns', e.target.value)}
          />
          <div id={id('keep-help')} className="jp-nbschedule-Help">
            Older runs and their outputs are deleted.
          </div>
          <FieldErrorList errors={errors} slot="keepRuns" />
        </div>
      </div>
      <div className="jp-nbschedule-Row">
        <div className="jp-nbschedule-Field">
          <label htmlFor={id('retries')}>Retries</label>
          <input
            id={id('retries')}
            className="jp-mod-styled"
            inputMode="numeric"
            value={inputs.retriesMax}
            aria-describedby={id('retries-help')}
            onChange={e => set('retriesMax', e.target.value)}
          />
          <div id={id('retries-help')} className="jp-nbschedule-Help">
            Extra attempts after a failure.
          </div>
        </div>
        <div className="jp-nbschedule-Field">
          <label htmlFor={id('delay')}>First retry after (s)</label>
          <input
            id={id('delay')}
            className="jp-mod-styled"
            inputMode="numeric"
            value={inputs.retryDelaySeconds}
            disabled={inputs.retriesMax.trim() === '0'}
            onChange={e => set('retryDelaySeconds', e.target.value)}
          />
        </div>
        <div className="jp-nbschedule-Field">
          <label htmlFor={id('backoff')}>Backoff factor</label>
          <input
            id={id('backoff')}
            className="jp-mod-styled"
            inputMode="decimal"
            value={inputs.retryBackoff}
            aria-describedby={id('backoff-help')}
            disabled={inputs.retriesMax.trim() === '0'}
            onChange={e => set('retryBackoff', e.target.value)}
          />
          <div id={id('backoff-help')} className="jp-nbschedule-Help">
            Each wait is this many times the last; 1: constant.
          </div>
        </div>
      </div>
      <FieldErrorList errors={errors} slot="retries" />
      <div className="jp-nbschedule-Row">
        <div className="jp-nbschedule-Field">
          <label htmlFor={id('overlap')}>If still running at the next time</label>
          <select
            id={id('overlap')}
            className="jp-mod-styled"
            value={inputs.overlap}
            onChange={e => set('overlap', e.target.value as IPolicyInputs['overlap'])}
          >
            {OVERLAP_CHOICES.map(c => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <div className="jp-nbschedule-Help">Skip: one run at a time; queue: run after it; replace: cancel it.</div>
          <FieldErrorList errors={errors} slot="overlap" />
        </div>
        <div className="jp-nbschedule-Field">
          <label htmlFor={id('catchup')}>Missed while down</label>
          <select
            id={id('catchup')}
            className="jp-mod-styled"
            value={inputs.catchUp}
            onChange={e => set('catchUp', e.target.value as IPolicyInputs['catchUp'])}
          >
            {CATCH_UP_CHOICES.map(c => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <div className="jp-nbschedule-Help">Times missed while the scheduler was not running.</div>
          <FieldErrorList errors={errors} slot="catchUp" />
        </div>
      </div>
    </details>
  );
}
