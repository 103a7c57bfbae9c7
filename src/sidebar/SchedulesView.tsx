import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import type { SchedulesModel } from '../model';
import type { NBScheduleSettings } from '../settings';
import { ICardActions, ScheduleCard } from './ScheduleCard';
import { StatusSummary } from './StatusSummary';

/** How often relative times ("in 14 min") are re-rendered without new data. */
const CLOCK_TICK_MS = 30_000;

function SchedulesList(props: {
  model: SchedulesModel;
  settings: NBScheduleSettings;
  actions: ICardActions;
  onNew: () => void;
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

  const timezone = settings.timezone;
  const schedules = model.schedules;
  return (
    <div className="jp-nbschedule-SchedulesView">
      <StatusSummary
        status={model.status}
        error={model.error}
        loaded={model.loaded}
        schedules={schedules}
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
      <ul className="jp-nbschedule-ScheduleList">
        {schedules.map(schedule => (
          <ScheduleCard
            key={schedule.id}
            schedule={schedule}
            description={model.describe(schedule)}
            expanded={model.isExpanded(schedule.id)}
            history={model.runsOf(schedule.id)}
            activeRuns={model.activeRunsOf(schedule.id)}
            timezone={timezone}
            now={now}
            actions={actions}
          />
        ))}
      </ul>
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
  }
}
