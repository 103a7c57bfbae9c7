/** Every command of nbschedule, in one namespace. */
export namespace CommandIDs {
  /** Open the schedule dialog for a notebook (args: `path`, else the selection or current notebook). */
  export const createSchedule = 'nbschedule:create-schedule';
  /** Open the schedule dialog on an existing schedule (args: `id`). */
  export const editSchedule = 'nbschedule:edit-schedule';
  /** Open the schedule dialog on a copy of a schedule, to save as a new one (args: `id`). */
  export const cloneSchedule = 'nbschedule:clone-schedule';
  /** Open a run's executed.html in a tab, or download its executed.ipynb (args: `runId`, `title`). */
  export const openOutput = 'nbschedule:open-output';
  /** Save a run's executed notebook next to the original and open it (args: `runId`, `notebook`). */
  export const copyOutput = 'nbschedule:copy-output';
  /** Show a run's log in a tab, following it while the run is active (args: `runId`, `title`). */
  export const showLog = 'nbschedule:show-log';
  /** Run a schedule now with other parameters for this run (args: `id`). */
  export const runWithParameters = 'nbschedule:run-with-parameters';
  /** Download every schedule as a JSON document. */
  export const exportSchedules = 'nbschedule:export-schedules';
  /** Upload a JSON document of schedules: show what would change, then apply. */
  export const importSchedules = 'nbschedule:import-schedules';
  /** Refresh the Schedules sidebar. */
  export const refresh = 'nbschedule:refresh-schedules';
  /** Show the Schedules sidebar. */
  export const openSidebar = 'nbschedule:open-sidebar';
}
