import { ILabShell, ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { refreshIcon } from '@jupyterlab/ui-components';

import { CommandIDs } from '../commandIds';
import { clockIcon } from '../icons';
import { exportSchedules, importSchedules } from '../sidebar/importExport';
import { SchedulesSidebar, SIDEBAR_ID } from '../sidebar/SchedulesSidebar';
import { INBSchedule } from '../tokens';

/** The Schedules panel in the left area, with its refresh and open commands. */
export const sidebarPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-nbschedule:sidebar',
  description: 'Adds the Schedules sidebar: scheduler status, schedules and their runs.',
  autoStart: true,
  requires: [INBSchedule],
  optional: [ILayoutRestorer, ICommandPalette, ILabShell],
  activate: (
    app: JupyterFrontEnd,
    nbschedule: INBSchedule,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null
  ): void => {
    app.commands.addCommand(CommandIDs.exportSchedules, {
      label: 'Export Schedules…',
      caption: 'Download every schedule as a versionable JSON document',
      execute: () => exportSchedules(nbschedule.model)
    });
    app.commands.addCommand(CommandIDs.importSchedules, {
      label: 'Import Schedules…',
      caption: 'Create or update schedules from an exported JSON document, after showing what would change',
      execute: () => importSchedules(nbschedule.model)
    });

    const sidebar = new SchedulesSidebar({
      model: nbschedule.model,
      settings: nbschedule.settings,
      commands: app.commands
    });
    app.shell.add(sidebar, 'left', { rank: 650, type: 'Schedules' });
    if (restorer) {
      restorer.add(sidebar, SIDEBAR_ID);
    }

    app.commands.addCommand(CommandIDs.refresh, {
      label: 'Refresh Schedules',
      caption: 'Reload the schedules and the scheduler status',
      icon: refreshIcon,
      execute: () => nbschedule.model.refresh()
    });
    app.commands.addCommand(CommandIDs.openSidebar, {
      label: 'Show Schedules',
      caption: 'Show the Schedules sidebar',
      icon: clockIcon,
      execute: () => app.shell.activateById(SIDEBAR_ID)
    });
    if (palette) {
      palette.addItem({ command: CommandIDs.openSidebar, category: 'Schedules' });
      palette.addItem({ command: CommandIDs.refresh, category: 'Schedules' });
      palette.addItem({ command: CommandIDs.exportSchedules, category: 'Schedules' });
      palette.addItem({ command: CommandIDs.importSchedules, category: 'Schedules' });
    }
  }
};
