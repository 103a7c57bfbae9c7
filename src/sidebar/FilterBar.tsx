import * as React from 'react';

import { CHIPS, IScheduleQuery, ScheduleSort, StatusChip } from '../scheduleFilter';

export interface IFilterBarProps {
  query: IScheduleQuery;
  counts: Record<StatusChip, number>;
  onChange: (query: IScheduleQuery) => void;
}

/** Search box, status chips with counts, and the sort order. */
export function FilterBar(props: IFilterBarProps): JSX.Element {
  const { query, counts } = props;
  const uid = React.useId();
  return (
    <div className="jp-nbschedule-FilterBar">
      <input
        type="search"
        className="jp-mod-styled jp-nbschedule-FilterBar-search"
        placeholder="Filter schedules…"
        title="Words match the name, notebook or a tag; tag:x matches a tag exactly"
        aria-label="Filter schedules"
        value={query.text}
        onChange={e => props.onChange({ ...query, text: e.target.value })}
      />
      <div className="jp-nbschedule-FilterBar-row">
        <div className="jp-nbschedule-Chips" role="group" aria-label="Show schedules by status">
          {CHIPS.map(chip => (
            <button
              key={chip.id}
              type="button"
              className={`jp-nbschedule-Chip${chip.id === query.chip ? ' jp-mod-selected' : ''}`}
              aria-pressed={chip.id === query.chip}
              data-chip={chip.id}
              onClick={() => props.onChange({ ...query, chip: chip.id })}
            >
              {chip.label} {counts[chip.id]}
            </button>
          ))}
        </div>
        <span className="jp-nbschedule-Row-spacer" />
        <label htmlFor={`${uid}-sort`} className="jp-nbschedule-FilterBar-sortLabel">
          Sort
        </label>
        <select
          id={`${uid}-sort`}
          className="jp-nbschedule-FilterBar-sort"
          value={query.sort}
          onChange={e => props.onChange({ ...query, sort: e.target.value as ScheduleSort })}
        >
          <option value="name">Name</option>
          <option value="next">Next run</option>
          <option value="last">Last run</option>
        </select>
      </div>
    </div>
  );
}
