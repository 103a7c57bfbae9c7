import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';

import { CommandIDs } from '../commandIds';
import { RunParametersBody } from '../dialog/RunParametersBody';
import { createLogWidget } from '../logTail';
import { createOutputWidget, downloadOutput, HTML_OUTPUT, NOTEBOOK_OUTPUT, preferredOutput } from '../output';
import { copyExecutedNotebook } from '../outputCopy';
import { INBSchedule } from '../tokens';

function message(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/**
 * A run's outputs: "Open output" (its executed.html in a sandboxed tab, else its executed.ipynb
 * to download), "Copy to workspace", the log tail, "Run with…", and notifications when
 * watched runs finish.
 */
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
          Notification.error(`Could not open the output: ${message(reason)}`);
        }
      }
    });

    app.commands.addCommand(CommandIDs.copyOutput, {
      label: 'Copy Executed Notebook to Workspace',
      caption: 'Save the executed notebook next to the original and open it',
      execute: async args => {
        const runId = String(args.runId ?? '');
        try {
          const notebook = typeof args.notebook === 'string' ? args.notebook : (await nbschedule.client.getRun(runId)).notebook;
          const path = await copyExecutedNotebook(nbschedule.client, app.serviceManager.contents, runId, notebook);
          await app.commands.execute('docmanager:open', { path });
          Notification.success(`Saved the executed notebook as ${path}.`, { autoClose: 5000 });
        } catch (reason) {
          Notification.error(`Could not copy the executed notebook: ${message(reason)}`);
        }
      }
    });

    app.commands.addCommand(CommandIDs.showLog, {
      label: 'Show Run Log',
      caption: 'Show a run’s log, following it while the run is active',
      execute: args => {
        const runId = String(args.runId ?? '');
        const existing = document.getElementById(`jp-nbschedule-log-${runId}`);
        if (existing) {
          app.shell.activateById(existing.id);
          return;
        }
        const widget = createLogWidget(nbschedule.client, runId, String(args.title ?? `Log of run ${runId}`));
        app.shell.add(widget, 'main', { mode: 'split-bottom' });
        app.shell.activateById(widget.id);
      }
    });

    app.commands.addCommand(CommandIDs.runWithParameters, {
      label: 'Run Schedule Now With Parameters…',
      caption: 'Run a schedule once now, with other parameters for this run',
      execute: async args => {
        const id = String(args.id ?? '');
        const schedule = nbschedule.model.schedules.find(s => s.id === id) ?? (await nbschedule.client.getSchedule(id));
        const body = new RunParametersBody(schedule, nbschedule.readNotebook);
        for (;;) {
          const result = await showDialog({
            title: `Run “${schedule.name}” now`,
            body,
            buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Run now' })]
          });
          if (!result.button.accept) {
            body.dispose();
            return;
          }
          const value = body.getValue();
          if ('error' in value) {
            body.setErrors({ [value.error.field]: value.error.message });
            continue;
          }
          try {
            await nbschedule.model.runNow(schedule.id, value.value);
            body.dispose();
            return;
          } catch (reason) {
            body.setErrors({ general: message(reason) });
          }
        }
      }
    });

    // Runs started from here (Run now, Run with…, Run once now) are watched: announce their end.
    nbschedule.model.runFinished.connect((_, run) => {
      if (!nbschedule.settings.notifications) {
        return;
      }
      const schedule = nbschedule.model.schedules.find(s => s.id === run.scheduleId);
      const name = schedule ? `“${schedule.name}”` : run.notebook;
      const ok = run.status === 'succeeded';
      const text = ok ? `Run of ${name} succeeded.` : `Run of ${name} ${run.status.replace('_', ' ')}${run.error ? `: ${run.error}` : '.'}`;
      const hasOutput = preferredOutput(run) !== null;
      const actions = hasOutput
        ? [{ label: 'Open output', callback: () => void app.commands.execute(CommandIDs.openOutput, { runId: run.id, title: schedule?.name ?? run.notebook }) }]
        : [];
      if (ok) {
        Notification.success(text, { autoClose: 8000, actions });
      } else {
        Notification.error(text, { autoClose: false, actions });
      }
    });
  }
};
