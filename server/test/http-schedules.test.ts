import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AUTH, makeSidecar, type Sidecar } from './fixture-app.js';

let sc: Sidecar;
beforeEach(async () => {
  sc = await makeSidecar();
});
afterEach(async () => {
  await sc.close();
});

const valid = { name: 'Morning report', notebook: 'reports/hello.ipynb', trigger: { cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' } };

async function post(url: string, payload: unknown) {
  return sc.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: AUTH, payload: payload as object });
}
async function get(url: string) {
  return sc.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: AUTH });
}
async function count() {
  return (await get('/schedules?limit=500')).json().items.length;
}

describe('schedules over HTTP', () => {
  it('a created schedule has defaults, a description and its next run, and can be read back', async () => {
    const res = await post('/schedules', valid);
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      name: 'Morning report',
      enabled: true,
      overlap: 'skip',
      catchUp: 'latest',
      outputFormats: ['ipynb', 'html'],
      nextRunAt: '2026-06-02T06:00:00.000Z',
      lastRun: null,
      triggerDescription: expect.stringContaining('Europe/Berlin'),
    });
    expect((await get(`/schedules/${s.id}`)).json()).toEqual(s);
  });

  it('a patch changes only what it names, and disabling clears the next run', async () => {
    const s = (await post('/schedules', valid)).json();
    const res = await sc.app.inject({ method: 'PATCH', url: `/api/v1/schedules/${s.id}`, headers: AUTH, payload: { enabled: false, tags: ['daily'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Morning report', enabled: false, tags: ['daily'], nextRunAt: null });
  });

  it('a delete removes the schedule, and it is then 404', async () => {
    const s = (await post('/schedules', valid)).json();
    const del = await sc.app.inject({ method: 'DELETE', url: `/api/v1/schedules/${s.id}?purge=true`, headers: AUTH });
    expect(del.statusCode).toBe(204);
    const res = await get(`/schedules/${s.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('lists page with a cursor and filter by q, enabled and tag', async () => {
    for (let i = 0; i < 5; i++) {
      sc.clock.now(); // creation order follows the (fake) clock
      (sc.clock as { advance(ms: number): void }).advance(1000);
      await post('/schedules', { ...valid, name: `Report ${i}`, tags: i % 2 ? ['odd'] : [], enabled: i !== 4 });
    }
    const first = (await get('/schedules?limit=2')).json();
    expect(first.items.map((s: { name: string }) => s.name)).toEqual(['Report 0', 'Report 1']);
    const second = (await get(`/schedules?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((s: { name: string }) => s.name)).toEqual(['Report 2', 'Report 3']);
    const last = (await get(`/schedules?limit=2&cursor=${second.nextCursor}`)).json();
    expect(last.items).toHaveLength(1);
    expect(last.nextCursor).toBeNull();
    expect((await get('/schedules?tag=odd')).json().items).toHaveLength(2);
    expect((await get('/schedules?enabled=false')).json().items.map((s: { name: string }) => s.name)).toEqual(['Report 4']);
    expect((await get('/schedules?q=report%203')).json().items).toHaveLength(1);
  });

});

describe('bad input', () => {
  it.each([
    ['a missing name', { ...valid, name: undefined }, 400, 'name'],
    ['an empty name', { ...valid, name: '' }, 400, 'name'],
    ['an invalid cron', { ...valid, trigger: { cron: '61 * * * *' } }, 400, 'trigger.cron'],
    ['an unknown time zone', { ...valid, trigger: { cron: '0 * * * *', timezone: 'Nowhere/City' } }, 400, 'trigger.timezone'],
    ['an everySeconds of zero', { ...valid, trigger: { everySeconds: 0 } }, 400, 'trigger.everySeconds'],
    ['an at in the past', { ...valid, trigger: { at: '2020-01-01T00:00:00Z' } }, 400, 'trigger.at'],
    ['a trigger of no known shape', { ...valid, trigger: { weekly: true } }, 400, 'trigger'],
    ['an unknown overlap', { ...valid, overlap: 'sometimes' }, 400, 'overlap'],
    ['an unknown field', { ...valid, colour: 'red' }, 400, 'colour'],
    ['a bad parameter name', { ...valid, parameters: { 'not a name': 1 } }, 400, 'parameters.not a name'],
    ['an absolute notebook path', { ...valid, notebook: '/etc/passwd.ipynb' }, 400, 'notebook'],
    ['a .. escape', { ...valid, notebook: '../outside.ipynb' }, 400, 'notebook'],
    ['a symlink out of the root', { ...valid, notebook: 'escape.ipynb' }, 400, 'notebook'],
    ['a missing notebook', { ...valid, notebook: 'reports/nope.ipynb' }, 400, 'notebook'],
    ['a file that is not a notebook', { ...valid, notebook: 'reports/notes.txt' }, 400, 'notebook'],
    ['a name over 200 characters', { ...valid, name: 'x'.repeat(201) }, 413, 'name'],
    ['a description over 2000 characters', { ...valid, description: 'x'.repeat(2001) }, 413, 'description'],
    ['more than 20 tags', { ...valid, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 413, 'tags'],
    ['a tag over 64 characters', { ...valid, tags: ['x'.repeat(65)] }, 413, 'tags.0'],
  ])('%s creates nothing and names the field', async (_what, body, status, field) => {
    const res = await post('/schedules', body);
    expect(res.statusCode).toBe(status);
    const error = res.json().error;
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/\S/);
    expect(typeof error.code).toBe('string');
    expect(await count()).toBe(0);
  });

  it('an everySeconds given as text is refused, not coerced', async () => {
    const res = await post('/schedules', { ...valid, trigger: { everySeconds: '60' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('trigger.everySeconds');
  });

  it('notebook errors say which rule was broken', async () => {
    const messages = await Promise.all(
      ['/abs.ipynb', '../x.ipynb', 'escape.ipynb', 'nope.ipynb', 'reports/notes.txt'].map(async (notebook) => (await post('/schedules', { ...valid, notebook })).json().error.message),
    );
    expect(messages[0]).toMatch(/absolute/);
    expect(messages[1]).toMatch(/outside/);
    expect(messages[2]).toMatch(/link to a file outside/);
    expect(messages[3]).toMatch(/does not exist/);
    expect(messages[4]).toMatch(/not a notebook/);
  });

  it('a body over 1 MiB is refused with 413', async () => {
    const res = await post('/schedules', { ...valid, description: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await count()).toBe(0);
  });

  it('invalid JSON is a 400 with the error shape', async () => {
    const res = await sc.app.inject({ method: 'POST', url: '/api/v1/schedules', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('REQUEST_INVALID');
  });

  it('a limit over 500 is refused naming limit', async () => {
    const res = await get('/schedules?limit=501');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('limit');
  });
});

describe('authentication', () => {
  it('every route needs the bearer token', async () => {
    for (const url of ['/api/v1/status', '/api/v1/schedules', '/api/v1/openapi.json', '/api/v1/nothing']) {
      const res = await sc.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHORIZED');
    }
    const wrong = await sc.app.inject({ method: 'GET', url: '/api/v1/status', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('unknown routes are 404 with the error shape', async () => {
    const res = await get('/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
