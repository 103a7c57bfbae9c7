import * as React from 'react';

export type BulkAction = 'pause' | 'resume' | 'run' | 'delete';

export interface IBulkBarProps {
  /** How many of the shown schedules are selected. */
  selected: number;
  shown: number;
  onSelectAll: (all: boolean) => void;
  onAction: (action: BulkAction) => void;
}

const ACTIONS: ReadonlyArray<{ id: BulkAction; label: string; danger?: boolean }> = [
  { id: 'run', label: '▶ Run now' },
  { id: 'pause', label: 'Pause' },
  { id: 'resume', label: 'Resume' },
  { id: 'delete', label: 'Delete', danger: true }
];

/** "Select all shown" and, once some are selected, the actions on all of them. */
export function BulkBar(props: IBulkBarProps): JSX.Element {
  const { selected, shown } = props;
  const ref = React.useRef<HTMLInputElement>(null);
  React.useEffect(() => {
    if (ref.current) {
      ref.current.indeterminate = selected > 0 && selected < shown;
    }
  }, [selected, shown]);
  return (
    <div className="jp-nbschedule-BulkBar" data-selected={selected}>
      <label className="jp-nbschedule-BulkBar-all">
        <input
          ref={ref}
          type="checkbox"
          checked={shown > 0 && selected === shown}
          onChange={e => props.onSelectAll(e.target.checked)}
        />{' '}
        {selected > 0 ? `${selected} selected` : 'Select all shown'}
      </label>
      {selected > 0 && (
        <span className="jp-nbschedule-BulkBar-actions" role="group" aria-label="Actions on the selected schedules">
          {ACTIONS.map(a => (
            <button
              key={a.id}
              type="button"
              className={`jp-nbschedule-LinkButton${a.danger ? ' jp-mod-danger' : ''}`}
              aria-label={`${a.label.replace('▶ ', '')} the selected schedules`}
              onClick={() => props.onAction(a.id)}
            >
              {a.label}
            </button>
          ))}
        </span>
      )}
    </div>
  );
}
