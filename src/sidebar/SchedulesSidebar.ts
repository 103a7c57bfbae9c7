import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { addIcon, fileUploadIcon, refreshIcon, SidePanel, Toolbar, ToolbarButton } from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import type { Message } from '@lumino/messaging';
import { Menu, Panel, Widget } from '@lumino/widgets';

import type { Run, Schedule } from '../apiTypes';
import { CommandIDs } from '../commandIds';
import { clockIcon } from '../icons';
import type { SchedulesModel } from '../model';
import type { NBScheduleSettings } from '../settings';
import { downloadOutput } from '../output';
import { formatInZone } from '../timeFormat';
import type { BulkAction } from './BulkBar';
import type { ICardActions } from './ScheduleCard';
import { SchedulesView } from './SchedulesView';

/** How many requests a bulk action sends at once. */
const BULK_CONCURRENCY = 6;

/** The id of the sidebar widget (its tab's `data-id`). */
export const SIDEBAR_ID = 'jp-nbschedule-sidebar';

function reportFailure(what: string, reason: unknown): void {
  const message = reason instanceof Error ? reason.message : String(reason);
  Notification.error(`${what}: ${message}`, { autoClose: 8000 });
}

/**
 * The Schedules panel of the left area: a toolbar (New schedule, Refresh) over the
 * status summary and the schedule cards. It tells the model whether it is shown, so the
 * model's poll stands by while it is hidden.
 */
export class SchedulesSidebar extends SidePanel {
  constructor(options: SchedulesSidebar.IOptions) {
    // A plain panel as content: one view, no accordion section headers.
    super({ content: new Panel() });
    const { model, settings, commands } = options;
    this._model = model;
    this.id = SIDEBAR_ID;
    this.addClass('jp-nbschedule-Sidebar');
    this.title.icon = clockIcon;
    this.title.caption = 'Schedules';

    const heading = new Widget();
    heading.addClass('jp-nbschedule-Sidebar-heading');
    heading.node.textContent = 'Schedules';
    // Title and buttons share the header row, as in the mockup.
    const toolbar = new Toolbar();
    toolbar.addClass('jp-nbschedule-Sidebar-toolbar');
    this.header.addWidget(heading);
    this.header.addWidget(toolbar);

    toolbar.addItem(
      'new-schedule',
      new ToolbarButton({
        icon: addIcon,
        tooltip: 'New schedule',
        onClick: () => void commands.execute(CommandIDs.createSchedule, { fromSidebar: true })
      })
    );
    const transfer = new Menu({ commands });
    transfer.addClass('jp-nbschedule-ImportExportMenu');
    transfer.addItem({ command: CommandIDs.exportSchedules });
    transfer.addItem({ command: CommandIDs.importSchedules });
    const transferButton: ToolbarButton = new ToolbarButton({
      icon: fileUploadIcon,
      tooltip: 'Import / export schedules',
      onClick: () => {
        const rect = transferButton.node.getBoundingClientRect();
        transfer.open(rect.left, rect.bottom);
      }
    });
    transferButton.addClass('jp-nbschedule-ImportExportButton');
    toolbar.addItem('import-export', transferButton);
    toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        tooltip: 'Refresh',
        onClick: () => void model.refresh()
      })
    );

    const actions: ICardActions = {
      toggleExpanded: schedule => model.toggleExpanded(schedule.id),
      setEnabled: (schedule, enabled) =>
        model
          .setEnabled(schedule.id, enabled)
          .catch(reason => reportFailure(`Could not ${enabled ? 'resume' : 'pause'} “${schedule.name}”`, reason)),
      runNow: schedule =>
        model.runNow(schedule.id).catch(reason => reportFailure(`Could not run “${schedule.name}”`, reason)),
      edit: schedule => void commands.execute(CommandIDs.editSchedule, { id: schedule.id }),
      remove: schedule => void this._confirmDelete(schedule),
      openOutput: (schedule: Schedule, run: Run) => {
        const when = run.startedAt ?? run.scheduledFor ?? run.queuedAt;
        const title = `${schedule.name} — run ${when ? formatInZone(when, settings.timezone) : run.id}`;
        void commands.execute(CommandIDs.openOutput, { runId: run.id, title });
      },
      cancelRun: run => model.cancelRun(run.id).catch(reason => reportFailure('Could not cancel the run', reason)),
      watchRun: run => {
        model.watchRun(run.id);
        Notification.info('You will be notified when this run ends.', { autoClose: 3000 });
      },
      clone: schedule => void commands.execute(CommandIDs.cloneSchedule, { id: schedule.id }),
      runWithParameters: schedule => void commands.execute(CommandIDs.runWithParameters, { id: schedule.id }),
      copyOutput: (schedule, run) => void commands.execute(CommandIDs.copyOutput, { runId: run.id, notebook: run.notebook }),
      download: (run, name) => downloadOutput(model.client, run.id, name),
      showLog: (schedule, run) => {
        const when = run.startedAt ?? run.scheduledFor ?? run.queuedAt;
        const title = `Log: ${schedule.name} — ${when ? formatInZone(when, settings.timezone) : run.id}`;
        void commands.execute(CommandIDs.showLog, { runId: run.id, title });
      }
    };

    this.addWidget(
      new SchedulesView({
        model,
        settings,
        actions,
        onNew: () => void commands.execute(CommandIDs.createSchedule, { fromSidebar: true }),
        onBulk: (action, schedules) => this._bulk(action, schedules)
      })
    );
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._model.setVisible(true);
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this._model.setVisible(false);
  }

  /** One action on many schedules, a few at a time; failures are reported together. */
  private async _bulk(action: BulkAction, schedules: Schedule[]): Promise<boolean> {
    if (schedules.length === 0) {
      return false;
    }
    if (action === 'delete') {
      const result = await showDialog({
        title: 'Delete schedules',
        body: `Delete ${schedules.length} schedule${schedules.length === 1 ? '' : 's'}? They will not run again. Their past runs stay in the history.`,
        buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: `Delete ${schedules.length}` })]
      });
      if (!result.button.accept) {
        return false;
      }
    }
    const one = (s: Schedule): Promise<unknown> => {
      switch (action) {
        case 'pause':
          return this._model.setEnabled(s.id, false);
        case 'resume':
          return this._model.setEnabled(s.id, true);
        case 'run':
          return this._model.runNow(s.id);
        default:
          return this._model.deleteSchedule(s.id);
      }
    };
    const failures: string[] = [];
    for (let i = 0; i < schedules.length; i += BULK_CONCURRENCY) {
      const batch = schedules.slice(i, i + BULK_CONCURRENCY);
      const results = await Promise.allSettled(batch.map(one));
      results.forEach((r, j) => {
        if (r.status === 'rejected') {
          failures.push(`“${batch[j].name}”: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
        }
      });
    }
    void this._model.refresh();
    if (failures.length > 0) {
      Notification.error(`Could not ${action} ${failures.length} of ${schedules.length}: ${failures.slice(0, 3).join('; ')}`, {
        autoClose: false
      });
    }
    return true;
  }

  private async _confirmDelete(schedule: Schedule): Promise<void> {
    const body = document.createElement('div');
    const text = document.createElement('p');
    text.textContent = `Delete the schedule “${schedule.name}”? It will not run again. Its past runs stay in the history.`;
    body.appendChild(text);
    const result = await showDialog({
      title: 'Delete schedule',
      body: new Widget({ node: body }),
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Delete' })]
    });
    if (!result.button.accept) {
      return;
    }
    try {
      await this._model.deleteSchedule(schedule.id);
    } catch (reason) {
      reportFailure(`Could not delete “${schedule.name}”`, reason);
    }
  }

  private _model: SchedulesModel;
}

export namespace SchedulesSidebar {
  export interface IOptions {
    model: SchedulesModel;
    settings: NBScheduleSettings;
    commands: CommandRegistry;
  }
}
