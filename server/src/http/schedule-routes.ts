// /schedules: list, create, read, change, delete, run now.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Schedule as ScheduleRecord } from '../core/model.js';
import type { SchedulePatchFields, ScheduleFields } from '../core/schedule.js';
import { describeTrigger } from '../core/trigger.js';
import { runJson, scheduleJson } from '../present.js';
import type { AppDeps } from './app.js';
import {
  DeleteQuery,
  ErrorSchema,
  IdParams,
  Run,
  RunNow,
  Schedule,
  ScheduleCreate,
  ScheduleList,
  ScheduleListQuery,
  SchedulePatch,
} from './schemas.js';

const errors = { 400: Type.Ref(ErrorSchema), 404: Type.Ref(ErrorSchema), 413: Type.Ref(ErrorSchema) };
const config = { errorCode: 'SCHEDULE_INVALID' };

export function presentSchedule(s: ScheduleRecord) {
  return { ...scheduleJson(s), triggerDescription: describeTrigger(s.trigger) };
}

// null in a create or patch body means "the default" (create) or "clear it" (patch).
function withoutNulls<T extends Record<string, unknown>>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)) as T;
}

export function scheduleRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/schedules',
      { schema: { tags: ['schedules'], summary: 'List schedules', querystring: ScheduleListQuery, response: { 200: Type.Ref(ScheduleList), 400: Type.Ref(ErrorSchema) } }, config },
      async (request) => {
        const page = await deps.store.listSchedules(request.query);
        return { items: page.items.map(presentSchedule), nextCursor: page.nextCursor };
      },
    );

    app.post(
      '/schedules',
      { schema: { tags: ['schedules'], summary: 'Create a schedule', body: Type.Ref(ScheduleCreate), response: { 201: Type.Ref(Schedule), ...errors } }, config },
      async (request, reply) => {
        const created = await deps.commands.create(withoutNulls(request.body) as ScheduleFields);
        return reply.code(201).send(presentSchedule(created));
      },
    );

    app.get(
      '/schedules/:id',
      { schema: { tags: ['schedules'], summary: 'One schedule', params: IdParams, response: { 200: Type.Ref(Schedule), 404: Type.Ref(ErrorSchema) } }, config },
      async (request) => presentSchedule(await deps.commands.getSchedule(request.params.id)),
    );

    app.patch(
      '/schedules/:id',
      { schema: { tags: ['schedules'], summary: 'Change a schedule', params: IdParams, body: Type.Ref(SchedulePatch), response: { 200: Type.Ref(Schedule), ...errors } }, config },
      async (request) => {
        const body = request.body;
        const patch: SchedulePatchFields = {
          ...(withoutNulls(body) as SchedulePatchFields),
          // These may be cleared with null.
          ...(body.kernel === null ? { kernel: null } : {}),
          ...(body.timeoutSeconds === null ? { timeoutSeconds: null } : {}),
        };
        return presentSchedule(await deps.commands.patch(request.params.id, patch));
      },
    );

    app.delete(
      '/schedules/:id',
      { schema: { tags: ['schedules'], summary: 'Delete a schedule (and its runs with ?purge=true)', params: IdParams, querystring: DeleteQuery, response: { 204: Type.Null(), 404: Type.Ref(ErrorSchema) } }, config },
      async (request, reply) => {
        await deps.commands.delete(request.params.id, request.query.purge);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/schedules/:id/run',
      { schema: { tags: ['schedules'], summary: 'Run a schedule now', params: IdParams, body: Type.Optional(Type.Ref(RunNow)), response: { 202: Type.Ref(Run), ...errors } }, config: { errorCode: 'RUN_INVALID' } },
      async (request, reply) => {
        const run = await deps.commands.runNow(request.params.id, request.body?.parameters);
        return reply.code(202).send(runJson(run));
      },
    );
  };
}
