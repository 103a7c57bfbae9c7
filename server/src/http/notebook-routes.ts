// /notebooks: what the run dialog reads from a notebook before running it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from './app.js';
import { ErrorSchema, NotebookParameters, NotebookParametersRequest } from './schemas.js';

export function notebookRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/notebooks/parameters',
      {
        schema: {
          tags: ['notebooks'],
          summary: 'The names, current values and types in the cell tagged "parameters"',
          body: Type.Ref(NotebookParametersRequest),
          response: { 200: Type.Ref(NotebookParameters), 400: Type.Ref(ErrorSchema) },
        },
        config: { errorCode: 'NOTEBOOK_INVALID' },
      },
      async (request) => {
        const cell = await deps.commands.readParameters(request.body.notebook);
        return { notebook: request.body.notebook, ...cell };
      },
    );
  };
}
