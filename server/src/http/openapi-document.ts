// The OpenAPI document as the app generates it from its schemas, with keys sorted so the
// committed server/openapi.json diffs cleanly and the drift test compares exactly.
import type { AppDeps } from './app.js';
import { buildApp } from './app.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export async function openApiDocument(version: string): Promise<object> {
  // Routes are only described, never called, so the collaborators can stay empty.
  const deps = { token: 'unused', version, instanceId: 'openapi', maxConcurrentRuns: 1 } as unknown as AppDeps;
  const app = await buildApp(deps, { describe: true });
  await app.ready();
  const doc = sortKeys(app.swagger()) as object;
  await app.close();
  return doc;
}

export async function openApiText(version: string): Promise<string> {
  return JSON.stringify(await openApiDocument(version), null, 2) + '\n';
}
