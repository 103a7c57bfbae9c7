import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { SchedulesModel } from '../model';
import type { NBScheduleSettings } from '../settings';
import { ICardActions, ScheduleCard } from './ScheduleCard';
import { chipCounts, filterSchedules, IScheduleQuery } from '../scheduleFilter';
import { RecentRuns } from '../recentRuns';
import { UpcomingFires } from '../upcomingFires';
import type { Schedule } from '../apiTypes';
import { BulkAction, BulkBar } from './BulkBar';
import { FilterBar } from './FilterBar';
import { Timeline } from './Timeline';
import { StatusSummary } from './StatusSummary';

/** How often relative times ("in 14 min") are re-rendered without new data. */
const CLOCK_TICK_MS = 10_000;
/** How many cards are rendered at first, and added by "Show more". */
const PAGE_SIZE = 50;

function SchedulesList(props: {
  model: SchedulesModel;
  settings: NBScheduleSettings;
  actions: ICardActions;
  onNew: () => void;
  onBulk: (action: BulkAction, schedules: Schedule[]) => Promise<boolean>;
}): JSX.Element {
  const { model, settings, actions } = props;
  const [, setVersion] = React.useState(0);
  const [now, setNow] = React.useState(Date.now());
  React.useEffect(() => {
    const update = (): void => {
      setVersion(v => v + 1);
      setNow(Date.now());
    };
    model.changed.connect(update);
    settings.changed.connect(update);
    const timer = window.setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    return () => {
      model.changed.disconnect(update);
      settings.changed.disconnect(update);
      window.clearInterval(timer);
    };
  }, [model, settings]);

  const fires = React.useMemo(() => new UpcomingFires(model.client), [model]);
  const recent = React.useMemo(() => new RecentRuns(model.client), [model]);
  React.useEffect(() => {
    const redraw = (): void => setVersion(v => v + 1);
    fires.changed.connect(redraw);
    recent.changed.connect(redraw);
    return () => {
      fires.changed.disconnect(redraw);
      recent.changed.disconnect(redraw);
    };
  }, [fires, recent]);
  const [query, setQuery] = React.useState<IScheduleQuery>({ text: '', chip: 'all', sort: 'name' });
  const [shown, setShown] = React.useState(PAGE_SIZE);
  const [selected, setSelected] = React.useState<ReadonlySet<string>>(new Set());
  const timezone = settings.timezone;
  const schedules = model.schedules;
  const busyIds = model.busyScheduleIds;
  const visible = React.useMemo(() => filterSchedules(schedules, query, busyIds), [schedules, query, busyIds]);
  const page = visible.slice(0, shown);
  const selectedShown = page.filter(s => selected.has(s.id));
  const select = (id: string, on: boolean): void =>
    setSelected(current => {
      const next = new Set(current);
      if (on) {
        next.add(id);
      } else {
        next.delete(id);
      }
      return next;
    });
  const counts = React.useMemo(() => chipCounts(schedules, query.text, busyIds), [schedules, query.text, busyIds]);
  return (
    <div className="jp-nbschedule-SchedulesView">
      <StatusSummary
        status={model.status}
        error={model.error}
        loaded={model.loaded}
        schedules={schedules}
        failures24h={model.failures24h}
        timezone={timezone}
        now={now}
      />
      {model.loaded && schedules.length === 0 && !model.error && (
        <div className="jp-nbschedule-Empty">
          <p>No schedules yet.</p>
          <p>
            Right-click a notebook in the file browser and choose <b>Schedule this notebook…</b>, or{' '}
            <button type="button" className="jp-nbschedule-LinkButton" onClick={props.onNew}>
              create a schedule
            </button>
            .
          </p>
        </div>
      )}
      {schedules.length > 0 && !model.error && (
        <Timeline
          schedules={schedules}
          fires={fires}
          timezone={timezone}
          now={now}
          onSelect={picked => {
            setQuery({ ...query, text: picked.name, chip: 'all' });
            setShown(PAGE_SIZE);
          }}
        />
      )}
      {schedules.length > 0 && (
        <FilterBar
          query={query}
          counts={counts}
          onChange={next => {
            setQuery(next);
            setShown(PAGE_SIZE);
          }}
        />
      )}
      {page.length > 0 && (
        <BulkBar
          selected={selectedShown.length}
          shown={page.length}
          onSelectAll={all => setSelected(all ? new Set(page.map(s => s.id)) : new Set())}
          onAction={action => {
            void props.onBulk(action, selectedShown).then(done => {
              if (done) {
                setSelected(new Set());
              }
            });
          }}
        />
      )}
      {schedules.length > 0 && visible.length === 0 && (
        <div className="jp-nbschedule-Empty">No schedule matches the filter.</div>
      )}
      <ul className="jp-nbschedule-ScheduleList" aria-label="Schedules">
        {page.map(schedule => (
          <ScheduleCard
            key={schedule.id}
            schedule={schedule}
            description={model.describe(schedule)}
            expanded={model.isExpanded(schedule.id)}
            history={model.runsOf(schedule.id)}
            activeRuns={model.activeRunsOf(schedule.id)}
            recentRuns={recent.of(schedule)}
            selected={selected.has(schedule.id)}
            onSelect={on => select(schedule.id, on)}
            timezone={timezone}
            now={now}
            actions={actions}
          />
        ))}
      </ul>
      {visible.length > shown && (
        <div className="jp-nbschedule-ShowMore">
          Showing {shown} of {visible.length}.{' '}
          <button type="button" className="jp-nbschedule-LinkButton" onClick={() => setShown(shown + PAGE_SIZE)}>
            Show {Math.min(PAGE_SIZE, visible.length - shown)} more
          </button>
        </div>
      )}
    </div>
  );
}

/** The sidebar's body: status summary and schedule cards, rendered from the model. */
export class SchedulesView extends ReactWidget {
  constructor(private readonly options: SchedulesView.IOptions) {
    super();
    this.addClass('jp-nbschedule-SchedulesViewHost');
  }

  protected render(): JSX.Element {
    return (
      <SchedulesList
        model={this.options.model}
        settings={this.options.settings}
        actions={this.options.actions}
        onNew={this.options.onNew}
        onBulk={this.options.onBulk}
      />
    );
  }
}

export namespace SchedulesView {
  export interface IOptions {
    model: SchedulesModel;
    settings: NBScheduleSettings;
    actions: ICardActions;
    onNew: () => void;
    /** Apply an action to the selected schedules; resolves true when it was carried out. */
    onBulk: (action: BulkAction, schedules: Schedule[]) => Promise<boolean>;
  }
}
