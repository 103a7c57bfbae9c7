// GET /metrics: Prometheus text. Runs finished by status, queue depth, running runs,
// schedules, fire lag and run duration histograms, uptime. Counters start with the process.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RUN_STATUSES } from '../core/run-state.js';
import { exposition, Histogram } from '../core/prometheus.js';
import type { Run } from '../core/model.js';
import type { AppDeps } from './app.js';

export const FIRE_LAG_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900];
export const DURATION_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 900, 1800, 3600];

const METRICS_SCHEMA = {
  tags: ['status'],
  summary: 'Prometheus metrics (text exposition format 0.0.4)',
  produces: ['text/plain'],
  response: { 200: { type: 'string', description: 'Prometheus text' } },
};

function describeOnly(app: Parameters<FastifyPluginAsyncTypebox>[0]): void {
  app.get('/metrics', { schema: METRICS_SCHEMA }, async () => '');
}

export function metricsRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    // The OpenAPI generator builds the app with no collaborators: describe the route only.
    if (!deps.scheduler) return describeOnly(app);
    const startedAt = deps.clock.now().getTime();
    const finished = new Map<string, number>(RUN_STATUSES.map((s) => [s, 0]));
    const fireLag = new Histogram(FIRE_LAG_BUCKETS);
    const duration = new Histogram(DURATION_BUCKETS);
    const onStarted = (run: Run) => {
      // How late a scheduled fire started: queueing behind maxConcurrentRuns, a slow wake-up.
      if (run.scheduledFor && run.startedAt && run.trigger !== 'catch-up') {
        fireLag.observe(Math.max(0, run.startedAt.getTime() - run.scheduledFor.getTime()) / 1000);
      }
    };
    const onFinished = (run: Run) => {
      finished.set(run.status, (finished.get(run.status) ?? 0) + 1);
      if (run.durationMs !== null && run.startedAt) duration.observe(run.durationMs / 1000);
    };
    deps.scheduler.on('run-started', onStarted);
    deps.scheduler.on('run-finished', onFinished);
    app.addHook('onClose', async () => {
      deps.scheduler.off('run-started', onStarted);
      deps.scheduler.off('run-finished', onFinished);
    });

    app.get(
      '/metrics',
      { schema: METRICS_SCHEMA },
      async (_request, reply) => {
        const counts = await deps.store.counts();
        const text = exposition([
          { name: 'nbschedule_info', help: 'The sidecar version and instance.', type: 'gauge', samples: [{ labels: { version: deps.version, instance_id: deps.instanceId }, value: 1 }] },
          { name: 'nbschedule_uptime_seconds', help: 'Seconds since the sidecar started.', type: 'gauge', samples: [{ value: (deps.clock.now().getTime() - startedAt) / 1000 }] },
          { name: 'nbschedule_schedules', help: 'Schedules in the store.', type: 'gauge', samples: [{ value: counts.schedules }] },
          { name: 'nbschedule_queue_depth', help: 'Runs queued, waiting for a free slot or their retry time.', type: 'gauge', samples: [{ value: counts.queued }] },
          { name: 'nbschedule_runs_running', help: 'Runs running now.', type: 'gauge', samples: [{ value: counts.running }] },
          { name: 'nbschedule_max_concurrent_runs', help: 'The bound on runs executing at once.', type: 'gauge', samples: [{ value: deps.maxConcurrentRuns }] },
          {
            name: 'nbschedule_runs_finished_total',
            help: 'Runs that reached a final status since the sidecar started, by status.',
            type: 'counter',
            samples: [...finished].filter(([s]) => !['queued', 'running'].includes(s)).map(([status, value]) => ({ labels: { status }, value })),
          },
          { name: 'nbschedule_fire_lag_seconds', help: 'Delay from a scheduled fire time to its run starting.', type: 'histogram', histogram: fireLag },
          { name: 'nbschedule_run_duration_seconds', help: 'Duration of finished runs.', type: 'histogram', histogram: duration },
        ]);
        return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
      },
    );
  };
}
