// Several sidecars on one SQLite file: 1,000 schedules firing every second. Counts duplicate
// and missed fire times (issue 3's target: 0 and 0) and the fire lag.
// Run: (cd server && npm run build) && node bench/multi-sidecar.mjs [--minutes 10] [--sidecars 2,4] [--schedules 1000]
// Default: 1 minute per sidecar count (the full target is --minutes 10).
// Runs fail at once without starting a process (their notebook is deleted once the schedules
// exist): this measures the scheduling (fire, claim, finish, retention), not nbconvert, which
// cannot start 1,000 times a second.
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, repo, startSidecar } from './sidecar-process.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const minutes = Number(arg('minutes', '1'));
const counts = arg('sidecars', '2,4').split(',').map(Number);
const SCHEDULES = Number(arg('schedules', '1000'));
const Database = (await import(`${repo}server/node_modules/better-sqlite3/lib/index.js`)).default;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const report = [];
for (const n of counts) {
  const temp = mkdtempSync(join(tmpdir(), 'nbschedule-multi-'));
  const dataDir = join(temp, 'data');
  const sidecars = [];
  for (let i = 0; i < n; i++) {
    sidecars.push(await startSidecar({ dataDir, rootDir: temp, env: { NBSCHEDULE_MAX_CONCURRENT_RUNS: '8', NBSCHEDULE_RETENTION_DAYS: '0' } }));
  }
  const leftovers = () => sidecars.forEach((s) => {
    try {
      process.kill(s.pid, 'SIGTERM');
    } catch {
      // already stopped
    }
  });
  process.once('exit', leftovers);
  writeFileSync(join(temp, 'gone.ipynb'), JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  const ids = [];
  for (let i = 0; i < SCHEDULES; i++) {
    const s = await sidecars[i % n].api('POST', '/schedules', {
      name: `every second ${i}`, notebook: 'gone.ipynb', trigger: { everySeconds: 1 }, keepRuns: 100000, outputFormats: ['ipynb'],
    });
    ids.push(s.id);
  }
  unlinkSync(join(temp, 'gone.ipynb'));
  const started = Date.now();
  const cpu0 = sidecars.map((s) => s.usage().cpuMs);
  await sleep(minutes * 60_000);
  const cpuMs = sidecars.map((s, i) => s.usage().cpuMs - cpu0[i]);
  const rss = sidecars.map((s) => Math.round(s.usage().rssMb));
  // Stop firing first (disable), then stop every sidecar, then count.
  const db0 = new Database(join(dataDir, 'nbschedule.sqlite3'));
  db0.pragma('busy_timeout = 10000');
  db0.prepare('UPDATE schedules SET enabled = 0').run();
  db0.close();
  await Promise.all(sidecars.map((s) => s.stop()));
  process.off('exit', leftovers);

  const db = new Database(join(dataDir, 'nbschedule.sqlite3'), { readonly: true });
  const rows = db
    .prepare('SELECT schedule_id AS s, scheduled_for AS t, COUNT(*) AS c, MIN(queued_at) AS q FROM runs WHERE attempt = 1 GROUP BY schedule_id, scheduled_for')
    .all();
  const bySchedule = new Map();
  let duplicates = 0;
  const lags = [];
  for (const r of rows) {
    if (r.c > 1) duplicates += r.c - 1;
    lags.push(Date.parse(r.q) - Date.parse(r.t));
    const e = bySchedule.get(r.s) ?? { first: Infinity, last: -Infinity, n: 0 };
    const t = Date.parse(r.t);
    e.first = Math.min(e.first, t);
    e.last = Math.max(e.last, t);
    e.n += 1;
    bySchedule.set(r.s, e);
  }
  let misses = 0;
  for (const e of bySchedule.values()) misses += (e.last - e.first) / 1000 + 1 - e.n;
  const statuses = Object.fromEntries(db.prepare('SELECT status, COUNT(*) AS c FROM runs GROUP BY status').all().map((r) => [r.status, r.c]));
  const owners = db.prepare('SELECT COUNT(DISTINCT lease_owner) AS c FROM runs WHERE lease_owner IS NOT NULL').get().c;
  db.close();
  // runs.jsonl has one line per finished run, pruned or not: no fire time may appear twice there either.
  const seen = new Set();
  let jsonlDuplicates = 0;
  for (const line of readFileSync(join(dataDir, 'runs.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line);
    const key = `${r.scheduleId} ${r.scheduledFor} ${r.attempt}`;
    if (seen.has(key)) jsonlDuplicates += 1;
    seen.add(key);
  }
  const result = {
    sidecars: n, schedules: SCHEDULES, minutes, fires: rows.length, duplicates, jsonlDuplicates, misses,
    schedulesThatFired: bySchedule.size, sidecarsThatRanWork: owners,
    lagP50Ms: percentile(lags, 50), lagP99Ms: percentile(lags, 99), lagMaxMs: lags.reduce((a, b) => Math.max(a, b), 0),
    statuses, cpuSecondsPerSidecar: cpuMs.map((c) => Math.round(c / 1000)), rssMb: rss,
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
  report.push(result);
  console.log(JSON.stringify(result));
  rmSync(temp, { recursive: true, force: true });
}
console.log('| sidecars | minutes | fires | duplicates | misses | lag p50 / p99 / max (ms) |');
console.log('|---|---|---|---|---|---|');
for (const r of report) console.log(`| ${r.sidecars} | ${r.minutes} | ${r.fires} | ${r.duplicates} | ${r.misses} | ${r.lagP50Ms} / ${r.lagP99Ms} / ${r.lagMaxMs} |`);
