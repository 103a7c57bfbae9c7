import { afterEach, describe, expect, it } from '@jest/globals';
import { AUTH, makeSidecar, type Sidecar } from './fixture-app.js';

const open: Sidecar[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
async function sidecar() {
  const sc = await makeSidecar();
  open.push(sc);
  return sc;
}
const call = (sc: Sidecar, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  sc.app.inject({ method, url: `/api/v1${url}`, headers: AUTH, ...(payload === undefined ? {} : { payload: payload as object }) });

const schedules = [
  { name: 'Morning report', notebook: 'reports/hello.ipynb', trigger: { cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' }, parameters: { region: 'EU', n: 3 }, tags: ['daily'] },
  { name: 'Every minute', notebook: 'reports/hello.ipynb', trigger: { everySeconds: 60 }, enabled: false, retries: { max: 2 } },
];

describe('export and import over HTTP', () => {
  it('export then import into a fresh data dir gives the same schedules, byte for byte', async () => {
    const a = await sidecar();
    for (const s of schedules) expect((await call(a, 'POST', '/schedules', s)).statusCode).toBe(201);
    const exported = await call(a, 'GET', '/export');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/application\/json/);
    expect(exported.body).not.toMatch(/"id"|createdAt|sch_/);

    const b = await sidecar();
    const imported = await call(b, 'POST', '/import', JSON.parse(exported.body));
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ dryRun: false, counts: { create: 2, update: 0, unchanged: 0 } });
    expect((await call(b, 'GET', '/export')).body).toBe(exported.body);

    const again = await call(b, 'POST', '/import', JSON.parse(exported.body));
    expect(again.json().counts).toEqual({ create: 0, update: 0, unchanged: 2 });
  });

  it('a dry run says what would change and changes nothing', async () => {
    const sc = await sidecar();
    await call(sc, 'POST', '/schedules', schedules[0]);
    const before = (await call(sc, 'GET', '/export')).body;
    const doc = { nbschedule: 1, schedules: [{ ...schedules[0], trigger: { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' } }, schedules[1]] };
    const res = await call(sc, 'POST', '/import?dryRun=true', doc);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      dryRun: true,
      items: [
        { name: 'Morning report', action: 'update', changes: ['trigger'] },
        { name: 'Every minute', action: 'create', id: null },
      ],
    });
    expect((await call(sc, 'GET', '/export')).body).toBe(before);
    const applied = await call(sc, 'POST', '/import', doc);
    expect(applied.json().counts).toEqual({ create: 1, update: 1, unchanged: 0 });
    const list = (await call(sc, 'GET', '/schedules')).json().items;
    expect(list.find((s: { name: string }) => s.name === 'Morning report').trigger.cron).toBe('0 9 * * 1-5');
  });

  it('a missing notebook or a bad trigger is a 400 naming the entry, and nothing is created', async () => {
    const sc = await sidecar();
    const missing = await call(sc, 'POST', '/import', { schedules: [schedules[0], { ...schedules[1], notebook: 'nope.ipynb' }] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'NOTEBOOK_INVALID', field: 'schedules[1].notebook' });
    const bad = await call(sc, 'POST', '/import', { schedules: [{ ...schedules[0], trigger: { cron: '61 * * * *' } }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('schedules[0].trigger.cron');
    const unknown = await call(sc, 'POST', '/import', { schedules: [{ ...schedules[0], id: 'x' }] });
    expect(unknown.statusCode).toBe(400);
    expect((await call(sc, 'GET', '/schedules')).json().items).toEqual([]);
  });
});
