import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';

import { CommandIDs } from '../commandIds';
import { createOutputWidget, downloadOutput, HTML_OUTPUT, NOTEBOOK_OUTPUT, preferredOutput } from '../output';
import { INBSchedule } from '../tokens';

/** "Open output": a run's executed.html in a sandboxed tab, else its executed.ipynb to download. */
export const outputPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-nbschedule:outputs',
  description: 'Opens the outputs of scheduled runs in sandboxed main-area tabs.',
  autoStart: true,
  requires: [INBSchedule],
  activate: (app: JupyterFrontEnd, nbschedule: INBSchedule): void => {
    app.commands.addCommand(CommandIDs.openOutput, {
      label: 'Open Run Output',
      caption: 'Show the executed notebook of a run',
      execute: async args => {
        const runId = typeof args.runId === 'string' ? args.runId : '';
        const title = typeof args.title === 'string' ? args.title : `Run ${runId}`;
        try {
          const run = await nbschedule.client.getRun(runId);
          const output = preferredOutput(run);
          if (output === HTML_OUTPUT) {
            const existing = document.getElementById(`jp-nbschedule-output-${runId}`);
            if (existing) {
              app.shell.activateById(existing.id);
              return;
            }
            const widget = createOutputWidget(nbschedule.client, runId, title);
            app.shell.add(widget, 'main');
            app.shell.activateById(widget.id);
          } else if (output === NOTEBOOK_OUTPUT) {
            const result = await showDialog({
              title: 'No HTML output',
              body: 'This run kept no HTML rendering. Download its executed notebook instead?',
              buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Download executed.ipynb' })]
            });
            if (result.button.accept) {
              downloadOutput(nbschedule.client, runId, NOTEBOOK_OUTPUT);
            }
          } else {
            Notification.info('This run kept no output.', { autoClose: 5000 });
          }
        } catch (reason) {
          Notification.error(`Could not open the output: ${reason instanceof Error ? reason.message : reason}`);
        }
      }
    });
  }
};
