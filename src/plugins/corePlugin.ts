import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { ApiClient } from '../apiClient';
import type { IKernelChoice } from '../dialog/OutputKernelFields';
import { ScheduleDialog } from '../dialog/ScheduleDialog';
import { SchedulesModel } from '../model';
import { NBScheduleSettings } from '../settings';
import { INBSchedule } from '../tokens';

/** The server's kernelspecs, by display name. */
function kernelChoices(app: JupyterFrontEnd): IKernelChoice[] {
  const specs = app.serviceManager.kernelspecs.specs?.kernelspecs ?? {};
  return Object.values(specs)
    .filter((spec): spec is NonNullable<typeof spec> => Boolean(spec))
    .map(spec => ({ name: spec.name, displayName: spec.display_name || spec.name }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The kernels where runs execute (the sidecar's list); null when it cannot tell. */
async function sidecarKernelChoices(client: ApiClient): Promise<IKernelChoice[] | null> {
  try {
    const answer = await client.getKernelspecs();
    return answer.available ? answer.kernelspecs.map(k => ({ name: k.name, displayName: k.displayName || k.name })) : null;
  } catch {
    return null; // an older sidecar: the server's kernelspecs stand
  }
}

/** The main plugin: settings (schema/plugin.json), the API client and the schedules model. */
export const corePlugin: JupyterFrontEndPlugin<INBSchedule> = {
  id: 'jupyterlab-nbschedule:plugin',
  description: 'Provides the nbschedule API client, the schedules model and the settings.',
  autoStart: true,
  provides: INBSchedule,
  optional: [ISettingRegistry],
  activate: (app: JupyterFrontEnd, registry: ISettingRegistry | null): INBSchedule => {
    const settings = new NBScheduleSettings();
    const client = new ApiClient(app.serviceManager.serverSettings);
    const model = new SchedulesModel({ client, refreshIntervalSeconds: settings.refreshIntervalSeconds });
    settings.changed.connect(() => model.setRefreshInterval(settings.refreshIntervalSeconds));
    if (registry) {
      registry
        .load(corePlugin.id)
        .then(loaded => settings.connect(loaded))
        .catch(reason => {
          // Defaults stay in force; the Settings Editor shows what is wrong.
          console.warn('nbschedule: could not load settings', reason);
        });
    }
    void model.start();

    const readNotebook = async (path: string): Promise<unknown> =>
      (await app.serviceManager.contents.get(path, { content: true, type: 'notebook' })).content;

    const openScheduleDialog: INBSchedule['openScheduleDialog'] = async options => {
      const dialog = new ScheduleDialog({
        client,
        schedule: options.schedule,
        copyOf: options.copyOf,
        notebook: options.notebook,
        defaultTimezone: settings.timezone,
        defaultOutputFormats: settings.defaultOutputFormats,
        kernels: kernelChoices(app),
        loadKernels: () => sidecarKernelChoices(client),
        readNotebook,
        onRunStarted: run => model.watchRun(run.id)
      });
      const saved = await dialog.launch();
      if (saved) {
        void model.refresh();
      }
      return saved;
    };

    return { client, model, settings, readNotebook, openScheduleDialog };
  }
};
