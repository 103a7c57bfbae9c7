import { ReactWidget } from '@jupyterlab/ui-components';
import { PromiseDelegate } from '@lumino/coreutils';
import type { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import type { Schedule } from '../apiTypes';
import { ScheduleForm, type IScheduleFormProps } from './ScheduleForm';

/**
 * The schedule dialog (create and edit) as a modal over the whole page. Unlike
 * `showDialog`, it stays open when saving fails, to show the API's error under its field.
 */
export class ScheduleDialog extends ReactWidget {
  constructor(private readonly options: ScheduleDialog.IOptions) {
    super();
    this.addClass('jp-Dialog');
    this.addClass('jp-ThemedContainer');
    this.addClass('jp-nbschedule-ScheduleDialog');
    this.node.setAttribute('role', 'dialog');
    this.node.setAttribute('aria-modal', 'true');
    this.node.setAttribute('aria-label', options.schedule ? 'Edit schedule' : 'New schedule');
  }

  /** Resolves with the saved schedule, or null when cancelled. */
  get result(): Promise<Schedule | null> {
    return this._result.promise;
  }

  /** Show the dialog and wait for it to close. */
  launch(): Promise<Schedule | null> {
    Widget.attach(this, document.body);
    return this.result;
  }

  handleEvent(event: Event): void {
    if (event.type === 'keydown' && (event as KeyboardEvent).key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      this.finish(null);
    } else if (event.type === 'mousedown' && event.target === this.node) {
      // A click on the backdrop keeps the dialog; only Cancel or Escape close it.
      event.preventDefault();
    }
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this.node.addEventListener('keydown', this, true);
    this.node.addEventListener('mousedown', this);
    window.requestAnimationFrame(() => {
      const first = this.node.querySelector<HTMLInputElement>('input');
      first?.focus();
      first?.select();
    });
  }

  protected onBeforeDetach(msg: Message): void {
    this.node.removeEventListener('keydown', this, true);
    this.node.removeEventListener('mousedown', this);
    super.onBeforeDetach(msg);
  }

  dispose(): void {
    this._result.resolve(null);
    super.dispose();
  }

  protected render(): JSX.Element {
    return (
      <div className="jp-nbschedule-ScheduleDialog-content">
        <ScheduleForm
          client={this.options.client}
          schedule={this.options.schedule}
          copyOf={this.options.copyOf}
          notebook={this.options.notebook}
          defaultTimezone={this.options.defaultTimezone}
          defaultOutputFormats={this.options.defaultOutputFormats}
          kernels={this.options.kernels}
          loadKernels={this.options.loadKernels}
          readNotebook={this.options.readNotebook}
          onRunStarted={this.options.onRunStarted}
          onSaved={schedule => this.finish(schedule)}
          onCancel={() => this.finish(null)}
        />
      </div>
    );
  }

  private finish(schedule: Schedule | null): void {
    this._result.resolve(schedule);
    this.dispose();
  }

  private _result = new PromiseDelegate<Schedule | null>();
}

export namespace ScheduleDialog {
  /** What the form takes, but its callbacks for save and cancel, which the dialog owns. */
  export type IOptions = Omit<IScheduleFormProps, 'onSaved' | 'onCancel'>;
}
