// Builds the fastify app. No side effects: no listening, no timers, no environment; the
// composition root (main.ts) and the tests hand in everything it needs.
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { LIMITS } from '../core/defaults.js';
import type { Kernelspec } from '../executor/kernelspecs.js';
import type { Clock, Store } from '../ports.js';
import type { IntegrityState } from '../store/integrity-check.js';
import type { ScheduleCommands } from '../schedule-commands.js';
import type { Scheduler } from '../scheduler.js';
import { bearerAuth } from './auth.js';
import { errorBody, errorHandler } from './errors.js';
import { exportRoutes } from './export-routes.js';
import { metricsRoutes } from './metrics-routes.js';
import { webhookRoutes } from './webhook-routes.js';
import { notebookRoutes } from './notebook-routes.js';
import { runRoutes } from './run-routes.js';
import { scheduleRoutes } from './schedule-routes.js';
import { DebugRequestLog } from './request-log.js';
import { NAMED_SCHEMAS } from './schemas.js';
import { statusRoutes } from './status-routes.js';
import { validatorCompiler } from './validation.js';

export const API_PREFIX = '/api/v1';

export type AppDeps = {
  store: Store;
  scheduler: Scheduler;
  commands: ScheduleCommands;
  clock: Clock;
  token: string;
  version: string;
  instanceId: string;
  maxConcurrentRuns: number;
  /** The start-up integrity check's state; none (tests): nothing to wait for, reported as ok. */
  integrity?: () => IntegrityState;
  /** pino instance for request logs; none in tests. */
  logger?: FastifyBaseLogger;
  /** The kernelspecs where runs execute (for the kernel picker); none: an empty list. */
  kernelspecs?: () => Promise<Kernelspec[] | null>;
};

// fastify's own response serializers, each compiled on its first response rather than all when
// the app gets ready: compiling them up front was a fifth of start-up and 2.5 MB of idle heap.
const lazySerializers: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildSerializer: (externalSchemas, options) => {
      const compile = SerializerSelector()(externalSchemas, options);
      return (route) => {
        let serialize: ((doc: unknown) => string) | undefined;
        return (doc) => (serialize ??= compile(route))(doc);
      };
    },
  },
};

/**
 * `describe`: also register @fastify/swagger, so that app.swagger() is the OpenAPI document.
 * Only openapi-document.ts asks: the serving app leaves it, its YAML and $ref resolvers unloaded.
 */
export async function buildApp(deps: AppDeps, { describe = false } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: LIMITS.bodyBytes,
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    logController: new DebugRequestLog(),
    schemaController: lazySerializers,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler());
  for (const schema of NAMED_SCHEMAS) app.addSchema(schema);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]}.`)),
  );
  app.addHook('onRequest', bearerAuth(deps.token));

  if (describe) {
    await app.register((await import('@fastify/swagger')).default, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'nbschedule sidecar',
          description: 'Scheduled notebooks for JupyterLab: schedules, runs and their outputs.',
          version: deps.version,
        },
        servers: [{ url: API_PREFIX }],
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
      // Name shared schemas by their $id (Schedule, Run, ...), not def-0, def-1, ...
      refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
      transform: ({ schema, url }) => ({ schema, url: url.startsWith(API_PREFIX) ? url.slice(API_PREFIX.length) : url }),
    });
  }

  await app.register(
    async (api) => {
      await api.register(statusRoutes(deps));
      await api.register(scheduleRoutes(deps));
      await api.register(runRoutes(deps));
      await api.register(notebookRoutes(deps));
      await api.register(exportRoutes(deps));
      await api.register(metricsRoutes(deps));
      await api.register(webhookRoutes(deps));
    },
    { prefix: API_PREFIX },
  );
  return app;
}
