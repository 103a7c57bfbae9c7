import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { corePlugin } from './plugins/corePlugin';
import { createSchedulePlugin } from './plugins/createSchedulePlugin';
import { outputPlugin } from './plugins/outputPlugin';
import { sidebarPlugin } from './plugins/sidebarPlugin';

export { INBSchedule } from './tokens';

const plugins: JupyterFrontEndPlugin<any>[] = [corePlugin, sidebarPlugin, createSchedulePlugin, outputPlugin];

export default plugins;
