// /runs: list, one-off run, read, cancel, output files.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError } from '../core/errors.js';
import type { OutputFormat } from '../core/model.js';
import { runJson } from '../present.js';
import type { AppDeps } from './app.js';
import { readLogTail } from '../executor/run-log.js';
import { ErrorSchema, IdParams, OutputParams, OutputQuery, Run, RunCreate, RunList, RunListQuery, RunLog, RunLogQuery } from './schemas.js';

const config = { errorCode: 'RUN_INVALID' };

const CONTENT_TYPES: Record<string, string> = {
  ipynb: 'application/x-ipynb+json',
  html: 'text/html; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  // Code as text: never served as something a browser would run.
  script: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
};

export function runRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/runs',
      { schema: { tags: ['runs'], summary: 'List runs, newest first', querystring: RunListQuery, response: { 200: Type.Ref(RunList), 400: Type.Ref(ErrorSchema) } }, config },
      async (request) => {
        const { since, ...rest } = request.query;
        const page = await deps.store.listRuns({ ...rest, since: since ? new Date(since) : undefined });
        return { items: page.items.map(runJson), nextCursor: page.nextCursor };
      },
    );

    app.post(
      '/runs',
      { schema: { tags: ['runs'], summary: 'Run a notebook once, without a schedule', body: Type.Ref(RunCreate), response: { 202: Type.Ref(Run), 400: Type.Ref(ErrorSchema), 413: Type.Ref(ErrorSchema) } }, config },
      async (request, reply) => {
        const body = request.body;
        const run = await deps.commands.runOnce({
          notebook: body.notebook,
          parameters: body.parameters,
          kernel: body.kernel ?? null,
          outputFormats: body.outputFormats as OutputFormat[] | undefined,
          timeoutSeconds: body.timeoutSeconds ?? null,
        });
        return reply.code(202).send(runJson(run));
      },
    );

    app.get(
      '/runs/:id',
      { schema: { tags: ['runs'], summary: 'One run, with progress while running', params: IdParams, response: { 200: Type.Ref(Run), 404: Type.Ref(ErrorSchema) } }, config },
      async (request) => runJson(await deps.commands.getRun(request.params.id)),
    );

    app.post(
      '/runs/:id/cancel',
      { schema: { tags: ['runs'], summary: 'Stop a queued or running run', params: IdParams, response: { 200: Type.Ref(Run), 404: Type.Ref(ErrorSchema), 409: Type.Ref(ErrorSchema) } }, config },
      async (request) => runJson(await deps.scheduler.cancel(request.params.id)),
    );

    app.get(
      '/runs/:id/log',
      {
        schema: {
          tags: ['runs'],
          summary: "The end of a run's log, written as it runs (with its progress while running)",
          params: IdParams,
          querystring: RunLogQuery,
          response: { 200: Type.Ref(RunLog), 404: Type.Ref(ErrorSchema) },
        },
        config,
      },
      async (request) => {
        const run = await deps.commands.getRun(request.params.id);
        const tail = await readLogTail(join(deps.scheduler.runDir(run.id), 'run.log'), request.query.tail);
        return { id: run.id, status: run.status, progress: run.status === 'running' ? run.progress : null, ...tail };
      },
    );

    app.get(
      '/runs/:id/outputs/:name',
      {
        schema: {
          tags: ['runs'],
          summary: 'An output file: input.ipynb, executed.ipynb, executed.html, executed.md, executed.py (.r, .jl) or run.log; ?download=true as an attachment',
          params: OutputParams,
          querystring: OutputQuery,
        },
        config,
      },
      async (request, reply) => {
        const run = await deps.commands.getRun(request.params.id);
        // Only names the run lists: the name never reaches the file system unchecked.
        const output = run.outputs.find((o: { name: string }) => o.name === request.params.name);
        if (!output) throw new NotFoundError(`output of run ${run.id} named`, request.params.name);
        const stream = createReadStream(join(deps.scheduler.runDir(run.id), output.name));
        return reply
          .type(CONTENT_TYPES[output.format])
          .header('Content-Disposition', `${request.query.download ? 'attachment' : 'inline'}; filename="${output.name}"`)
          .header('X-Content-Type-Options', 'nosniff')
          .send(stream);
      },
    );
  };
}
