// /export and /import: schedules as code, matched by name, with a dry run.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { stableJson } from '../core/schedule-document.js';
import { exportSchedules, importSchedules, type ImportEntries } from '../schedule-import.js';
import type { AppDeps } from './app.js';
import { ErrorSchema, ImportQuery, ImportResult, ScheduleDocument } from './schemas.js';

export function exportRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/export',
      { schema: { tags: ['schedules'], summary: 'Every schedule as a versionable JSON document (sorted keys, no ids, no history)', response: { 200: Type.Ref(ScheduleDocument) } } },
      async (_request, reply) => {
        const document = await exportSchedules(deps.store);
        // Already serialized with sorted keys, so the same schedules always give the same bytes.
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', 'attachment; filename="nbschedule-schedules.json"')
          .send(stableJson(document) as never);
      },
    );

    app.post(
      '/import',
      {
        schema: {
          tags: ['schedules'],
          summary: 'Create or update schedules from an exported document, by name; ?dryRun=true only says what would change',
          querystring: ImportQuery,
          body: Type.Ref(ScheduleDocument),
          response: { 200: Type.Ref(ImportResult), 400: Type.Ref(ErrorSchema), 413: Type.Ref(ErrorSchema) },
        },
        config: { errorCode: 'SCHEDULE_INVALID' },
      },
      async (request) => {
        const dryRun = request.query.dryRun;
        const plan = await importSchedules(deps.store, deps.commands, deps.commands.rootDir, request.body.schedules as ImportEntries, dryRun);
        return {
          dryRun,
          counts: plan.counts,
          items: plan.items.map((i) => ({ name: i.name, action: i.action, id: i.id, changes: i.changes })),
        };
      },
    );
  };
}
