// What the run dialog reads before running: a notebook's parameters, the kernels it can run with.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from './app.js';
import { ErrorSchema, Kernelspecs, NotebookParameters, NotebookParametersRequest } from './schemas.js';

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

    app.get(
      '/kernelspecs',
      { schema: { tags: ['notebooks'], summary: 'The kernelspecs installed where runs execute', response: { 200: Type.Ref(Kernelspecs) } } },
      async () => {
        const specs = deps.kernelspecs ? await deps.kernelspecs() : null;
        return { kernelspecs: specs ?? [], available: specs !== null };
      },
    );
  };
}
