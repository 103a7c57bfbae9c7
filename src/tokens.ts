import { Token } from '@lumino/coreutils';

import type { ApiClient } from './apiClient';
import type { Schedule } from './apiTypes';
import type { SchedulesModel } from './model';
import type { NBScheduleSettings } from './settings';

/** What the main plugin shares with the others: the one client, the model, the settings. */
export interface INBSchedule {
  readonly client: ApiClient;
  readonly model: SchedulesModel;
  readonly settings: NBScheduleSettings;
  /** Read a notebook's JSON through the contents API (for its parameters cell). */
  readNotebook(path: string): Promise<unknown>;
  /**
   * Open the schedule dialog to create (for `notebook`, or as a copy of `copyOf`) or edit
   * (`schedule`); resolves with the saved one.
   */
  openScheduleDialog(options: { notebook?: string; schedule?: Schedule; copyOf?: Schedule }): Promise<Schedule | null>;
}

export const INBSchedule = new Token<INBSchedule>(
  'jupyterlab-nbschedule:INBSchedule',
  'The nbschedule API client, schedules model and settings.'
);
