import * as React from 'react';

import type { RunStatus } from '../apiTypes';

const LABELS: Record<RunStatus | 'none', string> = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  timed_out: 'timed out',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
  skipped: 'skipped',
  none: 'never run'
};

/** A run status as a coloured pill; `data-status` carries the API value. */
export function StatusBadge(props: { status: RunStatus | null | undefined; title?: string }): JSX.Element {
  const status = props.status ?? 'none';
  return (
    <span className="jp-nbschedule-StatusBadge" data-status={status} title={props.title}>
      {LABELS[status] ?? status}
    </span>
  );
}

export function statusLabel(status: RunStatus): string {
  return LABELS[status] ?? status;
}
