// nbschedule's sidecar benchmarks (issue 2's targets). Run: node bench/run.mjs [--quick]
// Prints a markdown table of medians and writes bench/results/latest.json.
// The machines are shared and noisy: every figure is a median (or a percentile) of repeats.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedRuns, seedSchedules } from './seed.mjs';
import { median, percentile, repo, startSidecar } from './sidecar-process.mjs';

const quick = process.argv.includes('--quick');
const SCHEDULES = 10_000;
const RUNS = quick ? 100_000 : 1_000_000;
const results = {};
const temp = mkdtempSync(join(tmpdir(), 'nbschedule-bench-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function writeNotebook(dir, name) {
  mkdirSync(dir, { recursive: true });
  const nb = {
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: [{ cell_type: 'code', id: 'c1', metadata: {}, execution_count: null, outputs: [], source: 'x = 6 * 7\nprint(x)' }],
  };
  writeFileSync(join(dir, name), JSON.stringify(nb));
}

async function timed(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

// First, on a quiet data dir: later phases write gigabytes that the disk is still flushing.
// 1. Run-now overhead: a run's wall time through the sidecar (POST to finishedAt) minus a bare
// `jupyter nbconvert --execute` of the same notebook, medians of 5 each, interleaved.
{
  const dataDir = join(temp, 'overhead');
  const rootDir = join(temp, 'root');
  writeNotebook(rootDir, 'bench.ipynb');
  const sidecar = await startSidecar({ dataDir, rootDir });
  const schedule = await sidecar.api('POST', '/schedules', { name: 'overhead', notebook: 'bench.ipynb', trigger: { cron: '0 0 1 1 *' }, outputFormats: ['ipynb'] });
  const bare = [];
  const through = [];
  const out = join(temp, 'bare');
  for (let i = 0; i < 5; i++) {
    bare.push(await timed(async () => execFileSync(`${repo}.venv/bin/jupyter`, ['nbconvert', '--to', 'notebook', '--execute',
      '--output', 'executed', '--output-dir', out, join(rootDir, 'bench.ipynb')], { cwd: rootDir, stdio: 'ignore' })));
    const posted = Date.now();
    const run = await sidecar.api('POST', `/schedules/${schedule.id}/run`, {});
    let done;
    while (!(done = await sidecar.api('GET', `/runs/${run.id}`)).finishedAt) await sleep(20);
    if (done.status !== 'succeeded') throw new Error(`overhead run ${done.status}: ${done.error}`);
    through.push(Date.parse(done.finishedAt) - posted);
  }
  await sidecar.stop();
  Object.assign(results, { bareNbconvertMsMedian: median(bare), runNowMsMedian: median(through), runNowOverheadMs: median(through) - median(bare) });
}

async function startups(dataDir, rootDir) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const sidecar = await startSidecar({ dataDir, rootDir });
    times.push(sidecar.startupMs);
    await sidecar.stop();
  }
  return median(times);
}

// 2. Start-up with 10,000 schedules; then with 1,000,000 runs as well (the integrity check
// runs in the background, so start-up should not grow with the file), first pages, idle RSS and CPU.
{
  const dataDir = join(temp, 'big');
  const rootDir = join(temp, 'root');
  writeNotebook(rootDir, 'bench.ipynb');
  const ids = await seedSchedules(dataDir, { schedules: SCHEDULES });
  results.startupMsMedian = await startups(dataDir, rootDir);
  results.seedSeconds = (await timed(() => seedRuns(dataDir, ids, { runs: RUNS }))) / 1000;
  results.startupWithRunsMsMedian = await startups(dataDir, rootDir);
  const sidecar = await startSidecar({ dataDir, rootDir });
  // Idle means after the start-up integrity check, which reads the whole file in the background.
  while ((await sidecar.api('GET', '/status')).integrity === 'checking') await sleep(250);
  results.integrityCheckSeconds = (Number(process.hrtime.bigint() - sidecar.startedAt) / 1e9);
  const pages = { schedules: [], runs: [], runsOfSchedule: [] };
  const some = (await sidecar.api('GET', '/schedules?limit=1')).items[0].id;
  for (let i = 0; i < 30; i++) {
    pages.schedules.push(await timed(() => sidecar.api('GET', '/schedules?limit=50')));
    pages.runs.push(await timed(() => sidecar.api('GET', '/runs?limit=50')));
    pages.runsOfSchedule.push(await timed(() => sidecar.api('GET', `/runs?scheduleId=${some}&limit=50`)));
  }
  const before = sidecar.usage();
  await sleep(10_000);
  const after = sidecar.usage();
  await sidecar.stop();
  Object.assign(results, {
    firstPageSchedulesMsMedian: median(pages.schedules),
    firstPageRunsMsMedian: median(pages.runs),
    firstPageRunsOfScheduleMsMedian: median(pages.runsOfSchedule),
    idleRssMb: after.rssMb,
    idleCpuPercent: ((after.cpuMs - before.cpuMs) / 10_000) * 100,
  });
}

// 3. Fire lag: 1,000 schedules due in the same second; lag = the run record's queuedAt minus
// its scheduledFor. `jupyter` is /bin/true here: this measures the scheduler, not nbconvert.
// Three trials on fresh data dirs; the medians of their p50s and p99s.
{
  const rootDir = join(temp, 'root');
  const p50s = [];
  const p99s = [];
  for (let trial = 0; trial < 3; trial++) {
    const sidecar = await startSidecar({ dataDir: join(temp, `lag${trial}`), rootDir, env: { NBSCHEDULE_JUPYTER: '/bin/true' } });
    const due = new Date(Math.ceil((Date.now() + 15_000) / 1000) * 1000);
    for (let i = 0; i < 1000; i++) {
      await sidecar.api('POST', '/schedules', { name: `lag ${i}`, notebook: 'bench.ipynb', trigger: { at: due.toISOString() }, outputFormats: ['ipynb'] });
    }
    await sleep(Math.max(0, due.getTime() - Date.now()) + 3000);
    const lags = [];
    let cursor = null;
    do {
      const page = await sidecar.api('GET', `/runs?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      for (const run of page.items) lags.push(Date.parse(run.queuedAt) - Date.parse(run.scheduledFor));
      cursor = page.nextCursor;
    } while (cursor);
    await sidecar.stop();
    if (lags.length !== 1000) throw new Error(`fire lag: ${lags.length} runs recorded, expected 1000`);
    p50s.push(percentile(lags, 50));
    p99s.push(percentile(lags, 99));
  }
  Object.assign(results, { fireLagTrials: 3, fireLagMsP50: median(p50s), fireLagMsP99: median(p99s) });
}

rmSync(temp, { recursive: true, force: true });
mkdirSync(join(repo, 'bench/results'), { recursive: true });
writeFileSync(join(repo, 'bench/results/latest.json'), JSON.stringify({ at: new Date().toISOString(), quick, runs: RUNS, ...results }, null, 2));
const row = (k, v, target) => `| ${k} | ${typeof v === 'number' ? v.toFixed(1) : v} | ${target} |`;
console.log([
  `| measure (${SCHEDULES} schedules, ${RUNS} runs) | median | target |`, '| --- | --- | --- |',
  row('sidecar start-up (schedules only), ms', results.startupMsMedian, '< 1000'),
  row('sidecar start-up (with the runs), ms', results.startupWithRunsMsMedian, ''),
  row('background integrity check done after start, s (one sample)', results.integrityCheckSeconds, ''),
  row('GET /schedules first page, ms', results.firstPageSchedulesMsMedian, '< 20'),
  row('GET /runs first page, ms', results.firstPageRunsMsMedian, '< 20'),
  row('GET /runs?scheduleId first page, ms', results.firstPageRunsOfScheduleMsMedian, '< 20'),
  row('fire lag p50, ms (1,000 due at once, median of 3 trials)', results.fireLagMsP50, ''),
  row('fire lag p99, ms (1,000 due at once, median of 3 trials)', results.fireLagMsP99, '< 100'),
  row('bare nbconvert --execute, ms', results.bareNbconvertMsMedian, ''),
  row('run now through the sidecar, ms', results.runNowMsMedian, ''),
  row('run-now overhead, ms', results.runNowOverheadMs, '< 150'),
  row('idle RSS, MB', results.idleRssMb, '< 100'),
  row('idle CPU over 10 s, %', results.idleCpuPercent, '≈ 0'),
].join('\n'));
