// /status, /preview and /openapi.json.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { LIMITS } from '../core/defaults.js';
import { describeTrigger, nextFireTimes, validateTrigger, type Trigger } from '../core/trigger.js';
import type { AppDeps } from './app.js';
import { ErrorSchema, Preview, PreviewRequest, StatusSchema } from './schemas.js';

export function statusRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/status',
      { schema: { tags: ['status'], summary: 'Health, version and counts', response: { 200: Type.Ref(StatusSchema) } } },
      async () => {
        const counts = await deps.store.counts();
        const state = deps.scheduler.state === 'ready' ? 'ready' : 'starting';
        return {
          state,
          version: deps.version,
          instanceId: deps.instanceId,
          store: deps.store.kind,
          counts: { schedules: counts.schedules, queued: counts.queued, running: counts.running },
          nextDueAt: counts.nextRunAt ? counts.nextRunAt.toISOString() : null,
          maxConcurrentRuns: deps.maxConcurrentRuns,
          integrity: deps.integrity?.() ?? 'ok',
        } as const;
      },
    );

    app.post(
      '/preview',
      {
        schema: { tags: ['schedules'], summary: 'Next fire times and a plain-English description of a trigger', body: Type.Ref(PreviewRequest), response: { 200: Type.Ref(Preview), 400: Type.Ref(ErrorSchema) } },
        config: { errorCode: 'TRIGGER_INVALID' },
      },
      async (request) => {
        const trigger = validateTrigger(request.body.trigger as Trigger);
        const now = deps.clock.now();
        const times = nextFireTimes(trigger, now, now, request.body.count ?? LIMITS.previewRuns);
        return { description: describeTrigger(trigger), nextRuns: times.map((t) => t.toISOString()) };
      },
    );

    // Made on the first request, by openapi-document.ts, so that serving never loads @fastify/swagger.
    let openApi: object | undefined;
    app.get('/openapi.json', { schema: { hide: true } }, async () => {
      openApi ??= await (await import('./openapi-document.js')).openApiDocument(deps.version);
      return openApi;
    });
  };
}
