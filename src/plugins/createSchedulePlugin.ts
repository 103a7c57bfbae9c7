import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ToolbarButton } from '@jupyterlab/ui-components';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { CommandIDs } from '../commandIds';
import { clockIcon } from '../icons';
import { INBSchedule } from '../tokens';

const NOTEBOOK_ITEM_SELECTOR = '.jp-DirListing-item[data-file-type="notebook"]';

/**
 * "Schedule this notebook…": in the file browser's and the notebook's context menus, the
 * notebook toolbar and the command palette; and the command that edits a schedule.
 */
export const createSchedulePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-nbschedule:create-schedule',
  description: 'Adds "Schedule this notebook…" to the file browser, notebooks and the palette.',
  autoStart: true,
  requires: [INBSchedule],
  optional: [IDefaultFileBrowser, INotebookTracker, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    nbschedule: INBSchedule,
    fileBrowser: IDefaultFileBrowser | null,
    notebooks: INotebookTracker | null,
    palette: ICommandPalette | null
  ): void => {
    const { commands } = app;

    /** The notebook a command invocation is about, as a path relative to the server root. */
    const notebookFor = (args: ReadonlyPartialJSONObject): string | undefined => {
      if (typeof args.path === 'string') {
        return args.path;
      }
      if (args.source === 'filebrowser' && fileBrowser) {
        for (const item of fileBrowser.selectedItems()) {
          if (item.type === 'notebook') {
            return item.path;
          }
        }
      }
      if (args.fromSidebar) {
        return undefined;
      }
      return notebooks?.currentWidget?.context.path;
    };

    commands.addCommand(CommandIDs.createSchedule, {
      label: args => (args.fromSidebar ? 'New Schedule…' : 'Schedule this notebook…'),
      caption: 'Run this notebook on a schedule',
      icon: clockIcon,
      execute: args => nbschedule.openScheduleDialog({ notebook: notebookFor(args) })
    });

    commands.addCommand(CommandIDs.editSchedule, {
      label: 'Edit Schedule…',
      caption: 'Change a schedule’s name, notebook or trigger',
      execute: async args => {
        const id = typeof args.id === 'string' ? args.id : '';
        try {
          const schedule =
            nbschedule.model.schedules.find(s => s.id === id) ?? (await nbschedule.client.getSchedule(id));
          return await nbschedule.openScheduleDialog({ schedule });
        } catch (reason) {
          Notification.error(`Could not open the schedule: ${reason instanceof Error ? reason.message : reason}`);
          return null;
        }
      }
    });

    commands.addCommand(CommandIDs.cloneSchedule, {
      label: 'Clone Schedule…',
      caption: 'Start a new schedule from a copy of this one',
      execute: async args => {
        const id = typeof args.id === 'string' ? args.id : '';
        try {
          const source = nbschedule.model.schedules.find(s => s.id === id) ?? (await nbschedule.client.getSchedule(id));
          return await nbschedule.openScheduleDialog({ copyOf: { ...source, name: `${source.name} (copy)` } });
        } catch (reason) {
          Notification.error(`Could not clone the schedule: ${reason instanceof Error ? reason.message : reason}`);
          return null;
        }
      }
    });

    app.contextMenu.addItem({
      command: CommandIDs.createSchedule,
      args: { source: 'filebrowser' },
      selector: NOTEBOOK_ITEM_SELECTOR,
      rank: 20
    });
    app.contextMenu.addItem({
      command: CommandIDs.createSchedule,
      args: { source: 'notebook' },
      selector: '.jp-Notebook',
      rank: 90
    });

    if (palette) {
      palette.addItem({ command: CommandIDs.createSchedule, category: 'Schedules', args: { source: 'notebook' } });
    }

    app.docRegistry.addWidgetExtension('Notebook', {
      createNew: (panel: NotebookPanel) => {
        const button = new ToolbarButton({
          icon: clockIcon,
          tooltip: 'Schedule this notebook…',
          onClick: () => void nbschedule.openScheduleDialog({ notebook: panel.context.path })
        });
        button.addClass('jp-nbschedule-NotebookButton');
        panel.toolbar.insertAfter('cellType', 'nbschedule', button);
        return button;
      }
    });
  }
};
