// Catch-up planning after 10,000 missed ticks across 1,000 schedules (issue 3's target: < 1 s).
// Run: (cd server && npm run build) && node bench/catch-up.mjs
// The sidecar was down while 10,000 ticks of each schedule fell due; it starts again just after
// the last one. Measures the pure planning (planFires for every schedule, as the scheduler calls
// it after a start) per catchUp policy, then the whole start of a real scheduler on a real
// SQLite file: recovery sweep, due query, planning, the fire transactions.
// Every figure is the median of 5 repeats on a shared, noisy machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo } from './sidecar-process.mjs';

const lib = (p) => import(`${repo}server/lib/${p}`);
const { planFires } = await lib('core/fire-plan.js');
const { buildSchedule } = await lib('core/schedule.js');
const { SqliteStore } = await lib('store/sqlite-store.js');
const { Scheduler } = await lib('scheduler.js');

const SCHEDULES = 1000;
const MISSED = 10_000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const anchor = new Date('2026-06-01T00:00:00.000Z');

// Half every-second, half six-field seconds cron in a DST zone: 10,000 missed ticks each.
function trigger(i) {
  return i % 2 === 0 ? { everySeconds: 1 } : { cron: '* * * * * *', timezone: i % 4 === 1 ? 'Europe/Berlin' : 'America/New_York' };
}
const nextRunAt = new Date(anchor.getTime() + 1000);
const now = new Date(nextRunAt.getTime() + (MISSED - 1) * 1000 + 500);

const results = {};
for (const catchUp of ['latest', 'none', 'all']) {
  const times = [];
  let fires = 0;
  for (let rep = 0; rep < 5; rep++) {
    fires = 0;
    const t = performance.now();
    for (let i = 0; i < SCHEDULES; i++) fires += planFires({ trigger: trigger(i), catchUp, nextRunAt, anchor }, now, now).fires.length;
    times.push(performance.now() - t);
  }
  results[`plan ${catchUp}`] = { ms: Math.round(median(times)), fires };
}

// The whole start: 1,000 schedules (catchUp "all") in a real store, the clock 10,000 ticks on.
const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } };
const wakes = [];
for (let rep = 0; rep < 3; rep++) {
  const dir = mkdtempSync(join(tmpdir(), 'nbschedule-catchup-'));
  const store = new SqliteStore(join(dir, 'nbschedule.sqlite3'));
  const clock = { now: () => now };
  for (let i = 0; i < SCHEDULES; i++) {
    const s = buildSchedule({ name: `s${i}`, notebook: 'n.ipynb', trigger: trigger(i), catchUp: 'all', overlap: 'queue' }, `sch_${i}`, anchor);
    await store.createSchedule(s);
  }
  const scheduler = new Scheduler({
    store, clock, logger: silent, dataDir: dir, rootDir: dir, maxConcurrentRuns: 1,
    executor: { execute: async () => ({ status: 'succeeded', exitCode: 0, error: null, outputs: [], durationMs: 1 }) },
    runner: { run: async () => ({}), killGroup: () => false, processStarted: () => null },
    heartbeatMs: 3600_000,
  });
  const t = performance.now();
  await scheduler.start();
  wakes.push(performance.now() - t);
  results.startRuns = (await store.listRuns({ limit: 1000 })).items.length;
  await scheduler.stop(0);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
results['start (sweep + plan "all" + record fires)'] = { ms: Math.round(median(wakes)) };

console.log(`Catch-up after ${MISSED} missed ticks across ${SCHEDULES} schedules (median ms)`);
console.log('| step | ms | fires planned |');
console.log('|---|---|---|');
for (const [k, v] of Object.entries(results)) if (typeof v === 'object') console.log(`| ${k} | ${v.ms} | ${v.fires ?? ''} |`);
console.log(JSON.stringify(results));
