import { MainAreaWidget } from '@jupyterlab/apputils';
import { IFrame } from '@jupyterlab/ui-components';

import type { ApiClient } from './apiClient';
import type { Run } from './apiTypes';
import { clockIcon } from './icons';

export const HTML_OUTPUT = 'executed.html';
export const NOTEBOOK_OUTPUT = 'executed.ipynb';

/** A main-area tab showing a run's executed.html, sandboxed (scripts only, no same origin). */
export function createOutputWidget(client: ApiClient, runId: string, title: string): MainAreaWidget<IFrame> {
  const content = new IFrame({ sandbox: ['allow-scripts'], referrerPolicy: 'no-referrer' });
  content.url = client.outputUrl(runId, HTML_OUTPUT);
  const widget = new MainAreaWidget({ content });
  widget.id = `jp-nbschedule-output-${runId}`;
  widget.addClass('jp-nbschedule-Output');
  widget.title.label = title;
  widget.title.caption = title;
  widget.title.icon = clockIcon;
  widget.title.closable = true;
  return widget;
}

/** Which output a run offers: its html, else its executed notebook, else nothing. */
export function preferredOutput(run: Run): string | null {
  const names = new Set((run.outputs ?? []).map(o => o.name));
  if (names.has(HTML_OUTPUT)) {
    return HTML_OUTPUT;
  }
  if (names.has(NOTEBOOK_OUTPUT)) {
    return NOTEBOOK_OUTPUT;
  }
  return null;
}

/** Start downloading an output file through the browser. */
export function downloadOutput(client: ApiClient, runId: string, name: string): void {
  const link = document.createElement('a');
  link.href = client.outputUrl(runId, name);
  link.download = `${runId}-${name}`;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}
