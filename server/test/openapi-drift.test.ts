import { expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp, type AppDeps } from '../src/http/app.js';
import { openApiText } from '../src/http/openapi-document.js';
import { readVersion } from '../src/version.js';

it('the committed openapi.json is what the app generates (run `npm run openapi` after changing a schema)', async () => {
  const committed = readFileSync(fileURLToPath(new URL('../openapi.json', import.meta.url)), 'utf8');
  expect(committed).toBe(await openApiText(readVersion()));
});

it('the OpenAPI document names the payload schemas of the contract', async () => {
  const doc = JSON.parse(await openApiText(readVersion()));
  expect(Object.keys(doc.components.schemas).sort()).toEqual(
    ['Error', 'ImportResult', 'Kernelspecs', 'NotebookParameters', 'NotebookParametersRequest', 'Preview', 'PreviewRequest', 'Run', 'RunCreate', 'RunList', 'RunLog', 'RunNow', 'Schedule', 'ScheduleCreate', 'ScheduleDocument', 'ScheduleList', 'SchedulePatch', 'Status', 'Trigger', 'WebhookList'].sort(),
  );
});

it('GET /openapi.json serves that document', async () => {
  const deps = { token: 't', version: readVersion(), instanceId: 'i', maxConcurrentRuns: 1 } as unknown as AppDeps;
  const app = await buildApp(deps);
  const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { authorization: 'Bearer t' } });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual(JSON.parse(await openApiText(readVersion())));
  await app.close();
});
