import { MainAreaWidget } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import type { ApiClient } from './apiClient';
import { clockIcon } from './icons';

/** How often the tail is read again while the run is queued or running. */
const TAIL_INTERVAL_MS = 1500;
/** How many lines of the end of the log are shown. */
const TAIL_LINES = 500;

/** A run's log as plain text, following its end while the run is active. */
class LogTail extends Widget {
  constructor(private readonly client: ApiClient, private readonly runId: string) {
    super();
    this.addClass('jp-nbschedule-LogTail');
    this._status.className = 'jp-nbschedule-LogTail-status';
    this._pre.className = 'jp-nbschedule-LogTail-text';
    this._pre.tabIndex = 0;
    this._pre.setAttribute('aria-label', 'Run log');
    this.node.append(this._status, this._pre);
    void this.update();
  }

  dispose(): void {
    window.clearTimeout(this._timer);
    super.dispose();
  }

  async update(): Promise<void> {
    if (this.isDisposed) {
      return;
    }
    let active = false;
    try {
      const log = await this.client.getRunLog(this.runId, TAIL_LINES);
      active = log.status === 'queued' || log.status === 'running';
      const progress = log.progress ? ` · cell ${log.progress.cell} of ${log.progress.cells}` : '';
      this._status.textContent = `${log.status.replace('_', ' ')}${progress}${active ? ' · following the end of the log' : ''}`;
      const atEnd = this._pre.scrollTop + this._pre.clientHeight >= this._pre.scrollHeight - 4;
      this._pre.textContent = log.text
        ? `${log.truncated ? `… (the last ${TAIL_LINES} lines)\n` : ''}${log.text}`
        : '(the log is empty so far)';
      if (atEnd) {
        this._pre.scrollTop = this._pre.scrollHeight;
      }
    } catch (reason) {
      this._status.textContent = `Could not read the run: ${reason instanceof Error ? reason.message : String(reason)}`;
      active = true;
    }
    if (active && !this.isDisposed) {
      this._timer = window.setTimeout(() => void this.update(), TAIL_INTERVAL_MS);
    }
  }

  private _status = document.createElement('div');
  private _pre = document.createElement('pre');
  private _timer = 0;
}

/** A main-area tab with a run's log tail. */
export function createLogWidget(client: ApiClient, runId: string, title: string): MainAreaWidget<Widget> {
  const widget = new MainAreaWidget({ content: new LogTail(client, runId) });
  widget.id = `jp-nbschedule-log-${runId}`;
  widget.title.label = title;
  widget.title.caption = title;
  widget.title.icon = clockIcon;
  widget.title.closable = true;
  return widget;
}
