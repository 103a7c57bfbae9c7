import * as React from 'react';

import type { Preview } from '../apiTypes';
import { formatAbsolute, formatInZone } from '../timeFormat';

export interface IPreviewState {
  loading: boolean;
  preview: Preview | null;
}

/** The scheduler's plain-English reading of the trigger and its next five fire times. */
export function TriggerPreview(props: { state: IPreviewState; zone: string }): JSX.Element {
  const previewState = props.state;
  const previewZone = props.zone;
  return (
    <div className="jp-nbschedule-Preview" aria-live="polite" data-loading={previewState.loading}>
      {previewState.preview ? (
        <>
          <div className="jp-nbschedule-Preview-description">{previewState.preview.description}</div>
          <div className="jp-nbschedule-Preview-label">Next runs ({previewZone}):</div>
          <ul>
            {previewState.preview.nextRuns.slice(0, 5).map(t => (
              <li key={t} title={formatAbsolute(t, 'UTC')}>
                {formatInZone(t, previewZone, true)}
              </li>
            ))}
          </ul>
          {previewState.preview.nextRuns.length === 0 && (
            <div className="jp-nbschedule-Preview-label">This trigger will not fire again.</div>
          )}
        </>
      ) : (
        <div className="jp-nbschedule-Preview-label">
          {previewState.loading ? 'Asking the scheduler…' : 'Fix the trigger to see when it runs.'}
        </div>
      )}
    </div>
  );
}
