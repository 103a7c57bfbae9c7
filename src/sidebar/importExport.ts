import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { ApiError } from '../apiClient';
import type { ImportResult } from '../apiTypes';
import type { SchedulesModel } from '../model';

/** The file name an export is saved under. */
export const EXPORT_FILE_NAME = 'nbschedule-schedules.json';

function explain(what: string, reason: unknown): string {
  if (reason instanceof ApiError && (reason.status === 404 || reason.status === 405)) {
    return `${what}: this scheduler does not offer it yet (${reason.message}).`;
  }
  return `${what}: ${reason instanceof Error ? reason.message : String(reason)}`;
}

/** Download every schedule as the JSON document of `GET /export`. */
export async function exportSchedules(model: SchedulesModel): Promise<void> {
  try {
    const document = await model.client.exportSchedules();
    const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = window.document.createElement('a');
    link.href = url;
    link.download = EXPORT_FILE_NAME;
    window.document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (reason) {
    Notification.error(explain('Could not export the schedules', reason), { autoClose: false });
  }
}

/** Ask for a file, as text; null when none is chosen. */
function pickFile(): Promise<{ name: string; text: string } | null> {
  return new Promise(resolve => {
    const input = window.document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.className = 'jp-nbschedule-ImportInput';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      if (!file) {
        resolve(null);
        return;
      }
      void file.text().then(text => resolve({ name: file.name, text }));
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    window.document.body.appendChild(input);
    input.click();
  });
}

/** What an import would do, as text nodes (never markup from the file). */
function planBody(fileName: string, plan: ImportResult): Widget {
  const node = window.document.createElement('div');
  node.className = 'jp-nbschedule-ImportPlan';
  const head = window.document.createElement('p');
  const { create, update, unchanged } = plan.counts;
  head.textContent = `${fileName}: ${create} to create, ${update} to update, ${unchanged} unchanged.`;
  node.appendChild(head);
  const list = window.document.createElement('ul');
  for (const item of plan.items) {
    const li = window.document.createElement('li');
    li.dataset.action = item.action;
    const changes = item.action === 'update' && item.changes.length > 0 ? ` (${item.changes.join(', ')})` : '';
    li.textContent = `${item.action}: ${item.name}${changes}`;
    list.appendChild(li);
  }
  node.appendChild(list);
  return new Widget({ node });
}

/** Upload a document: dry run first, show what would change, then apply on confirmation. */
export async function importSchedules(model: SchedulesModel): Promise<void> {
  const file = await pickFile();
  if (!file) {
    return;
  }
  let document: unknown;
  try {
    document = JSON.parse(file.text);
  } catch (reason) {
    Notification.error(`${file.name} is not JSON: ${reason instanceof Error ? reason.message : reason}`, { autoClose: false });
    return;
  }
  let plan: ImportResult;
  try {
    plan = await model.client.importSchedules(document, true);
  } catch (reason) {
    const field = reason instanceof ApiError && reason.field ? ` (at ${reason.field})` : '';
    Notification.error(explain(`Could not import ${file.name}`, reason) + field, { autoClose: false });
    return;
  }
  const changes = plan.counts.create + plan.counts.update;
  const result = await showDialog({
    title: 'Import schedules',
    body: planBody(file.name, plan),
    buttons:
      changes > 0
        ? [Dialog.cancelButton(), Dialog.okButton({ label: `Apply ${changes} change${changes === 1 ? '' : 's'}` })]
        : [Dialog.okButton({ label: 'Close' })]
  });
  if (!result.button.accept || changes === 0) {
    return;
  }
  try {
    const applied = await model.client.importSchedules(document, false);
    Notification.success(
      `Imported ${file.name}: ${applied.counts.create} created, ${applied.counts.update} updated.`,
      { autoClose: 6000 }
    );
    void model.refresh();
  } catch (reason) {
    Notification.error(explain(`Could not import ${file.name}`, reason), { autoClose: false });
  }
}
