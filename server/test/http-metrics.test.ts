import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { AUTH, FakeClock, makeSidecar, type Sidecar } from './fixture-app.js';

let sc: Sidecar;
afterEach(async () => {
  await sc.close();
});

type Sample = { name: string; labels: Record<string, string>; value: number };

/** A strict reader of the Prometheus text format: every line a comment or a valid sample. */
function parsePrometheus(text: string): { types: Record<string, string>; samples: Sample[] } {
  const types: Record<string, string> = {};
  const samples: Sample[] = [];
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.trimEnd().split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types[type[1]] = type[2];
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    samples.push({ name: m[1], labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return { types, samples };
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('GET /metrics', () => {
  it('is Prometheus text with runs by status, queue depth, fire lag and duration histograms, and uptime', async () => {
    const clock = new FakeClock(new Date('2026-06-01T10:00:00.000Z'));
    sc = await makeSidecar({ clock, start: true });
    const created = await sc.app.inject({ method: 'POST', url: '/api/v1/schedules', headers: AUTH, payload: { name: 'm', notebook: 'reports/hello.ipynb', trigger: { everySeconds: 60 } } });
    expect(created.statusCode).toBe(201);
    clock.advance(62_000); // the fire time passed 2 s ago
    const finished = once(sc.scheduler, 'run-finished');
    await sc.scheduler.wake();
    await finished;

    const res = await sc.app.inject({ method: 'GET', url: '/api/v1/metrics', headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parsePrometheus(res.body);
    expect(types).toMatchObject({
      nbschedule_runs_finished_total: 'counter',
      nbschedule_queue_depth: 'gauge',
      nbschedule_fire_lag_seconds: 'histogram',
      nbschedule_run_duration_seconds: 'histogram',
      nbschedule_uptime_seconds: 'gauge',
    });
    expect(value(samples, 'nbschedule_runs_finished_total', { status: 'succeeded' })).toBe(1);
    expect(value(samples, 'nbschedule_runs_finished_total', { status: 'failed' })).toBe(0);
    expect(value(samples, 'nbschedule_queue_depth')).toBe(0);
    expect(value(samples, 'nbschedule_schedules')).toBe(1);
    expect(value(samples, 'nbschedule_fire_lag_seconds_count')).toBe(1);
    expect(value(samples, 'nbschedule_fire_lag_seconds_sum')).toBeCloseTo(2, 3);
    expect(value(samples, 'nbschedule_fire_lag_seconds_bucket', { le: '1' })).toBe(0);
    expect(value(samples, 'nbschedule_fire_lag_seconds_bucket', { le: '2' })).toBe(1);
    expect(value(samples, 'nbschedule_fire_lag_seconds_bucket', { le: '+Inf' })).toBe(1);
    expect(value(samples, 'nbschedule_run_duration_seconds_count')).toBe(1);
    expect(value(samples, 'nbschedule_uptime_seconds')).toBeCloseTo(62, 0);
    expect(value(samples, 'nbschedule_info', { instance_id: 'test' })).toBe(1);
  });

  it('needs the bearer token like every other route', async () => {
    sc = await makeSidecar();
    expect((await sc.app.inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(401);
  });
});
