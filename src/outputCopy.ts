import type { Contents } from '@jupyterlab/services';

import type { ApiClient } from './apiClient';
import { NOTEBOOK_OUTPUT } from './output';
import { outputCopyPath } from './outputCopyPath';

/**
 * Saves a run's executed notebook next to the original, as `<name>.run-<short id>.ipynb`,
 * through the contents API, and answers the new path.
 */
export async function copyExecutedNotebook(
  client: ApiClient,
  contents: Contents.IManager,
  runId: string,
  notebook: string
): Promise<string> {
  const text = await client.getOutputText(runId, NOTEBOOK_OUTPUT);
  const content = JSON.parse(text) as unknown;
  const path = outputCopyPath(notebook, runId);
  await contents.save(path, { type: 'notebook', format: 'json', content });
  return path;
}
