import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AUTH, makeSidecar, type Sidecar } from './fixture-app.js';

let sc: Sidecar;
beforeAll(async () => {
  sc = await makeSidecar(); // scheduler not started: runs stay queued
});
afterAll(async () => {
  await sc.close();
});

const inject = (method: 'GET' | 'POST', url: string, payload?: object) => sc.app.inject({ method, url: `/api/v1${url}`, headers: AUTH, payload });

describe('preview', () => {
  it('describes a trigger and gives its next five fire times', async () => {
    const res = await inject('POST', '/preview', { trigger: { cron: '0 9 * * 1', timezone: 'America/New_York' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().description).toMatch(/09:00.*Monday.*America\/New_York/);
    expect(res.json().nextRuns).toHaveLength(5);
    expect(res.json().nextRuns[0]).toBe('2026-06-01T13:00:00.000Z');
  });

  it('answers the error naming trigger.cron for a bad expression', async () => {
    const res = await inject('POST', '/preview', { trigger: { cron: '0 25 * * *' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'TRIGGER_INVALID', field: 'trigger.cron' });
  });
});

describe('runs', () => {
  it('run now queues a manual run with the schedule parameters and overrides', async () => {
    const s = (await inject('POST', '/schedules', { name: 'a', notebook: 'reports/hello.ipynb', trigger: { everySeconds: 60 }, parameters: { a: 1, b: 2 } })).json();
    const res = await inject('POST', `/schedules/${s.id}/run`, { parameters: { b: 3 } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'queued', trigger: 'manual', scheduleId: s.id, parameters: { a: 1, b: 3 } });
    const listed = (await inject('GET', `/schedules/${s.id}`)).json();
    expect(listed.lastRun).toMatchObject({ id: res.json().id, status: 'queued' });
  });

  it('lists newest first with a cursor and filters by schedule and status', async () => {
    for (let i = 0; i < 3; i++) {
      (sc.clock as { advance(ms: number): void }).advance(1000);
      await inject('POST', '/runs', { notebook: 'reports/hello.ipynb' });
    }
    const page = (await inject('GET', '/runs?limit=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.items[0].queuedAt > page.items[1].queuedAt).toBe(true);
    const rest = (await inject('GET', `/runs?limit=2&cursor=${page.nextCursor}`)).json();
    expect(rest.items.length).toBeGreaterThan(0);
    expect(rest.items[0].queuedAt <= page.items[1].queuedAt).toBe(true);
    expect((await inject('GET', '/runs?status=failed')).json().items).toEqual([]);
    expect((await inject('GET', '/runs?status=exploded')).statusCode).toBe(400);
  });

  it('a one-off run of a notebook outside the root is refused naming notebook', async () => {
    const res = await inject('POST', '/runs', { notebook: '../outside.ipynb' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'NOTEBOOK_INVALID', field: 'notebook' });
  });

  it('a cancelled queued run cannot be cancelled twice', async () => {
    const run = (await inject('POST', '/runs', { notebook: 'reports/hello.ipynb' })).json();
    expect((await inject('POST', `/runs/${run.id}/cancel`)).json().status).toBe('cancelled');
    const again = await inject('POST', `/runs/${run.id}/cancel`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
  });

  it('unknown runs are 404', async () => {
    expect((await inject('GET', '/runs/run_nope')).statusCode).toBe(404);
    expect((await inject('POST', '/runs/run_nope/cancel')).statusCode).toBe(404);
  });
});

it('status reports state, version, counts and the store kind', async () => {
  const res = await inject('GET', '/status');
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ state: 'starting', version: '0.0.0-test', store: 'sqlite', counts: { schedules: expect.any(Number) } });
});
