// Fills a data dir the way a busy team's would look: N schedules through the sidecar's own
// store code, and M finished runs spread over them, inserted in one transaction.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repo } from './sidecar-process.mjs';

const { SqliteStore } = await import(`${repo}server/lib/store/sqlite-store.js`);
const { buildSchedule } = await import(`${repo}server/lib/core/schedule.js`);
const { newId } = await import(`${repo}server/lib/ids.js`);
const Database = createRequire(`${repo}server/package.json`)('better-sqlite3');

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];

const file = (dataDir) => join(dataDir, 'nbschedule.sqlite3');

export async function seedSchedules(dataDir, { schedules, notebook = 'bench.ipynb', now = new Date() }) {
  const store = new SqliteStore(file(dataDir));
  const ids = [];
  for (let i = 0; i < schedules; i++) {
    const trigger = { cron: `${i % 60} ${i % 24} * * *`, timezone: ZONES[i % ZONES.length] };
    const s = buildSchedule({ name: `bench ${i}`, notebook, trigger, tags: [`team${i % 10}`] }, newId('sch'), now);
    await store.createSchedule(s);
    ids.push(s.id);
  }
  await store.close();
  return ids;
}

export function seedRuns(dataDir, ids, { runs, notebook = 'bench.ipynb', now = new Date() }) {
  const db = new Database(file(dataDir));
  const insert = db.prepare(`INSERT INTO runs (id, schedule_id, notebook, trigger, scheduled_for, queued_at,
    started_at, finished_at, status, attempt, exit_code, parameters_json, outputs_json, duration_ms, output_formats_json)
    VALUES (?, ?, ?, 'schedule', ?, ?, ?, ?, ?, 1, ?, '{}', '[]', ?, '["ipynb"]')`);
  // Five seconds apart, so a million runs span 58 days: inside the default 90-day retention.
  const start = now.getTime() - runs * 5_000;
  db.transaction(() => {
    for (let i = 0; i < runs; i++) {
      const t = start + i * 5_000;
      const failed = i % 17 === 0;
      const at = new Date(t).toISOString();
      insert.run(newId('run', t), ids[i % ids.length], notebook, at, at, at, new Date(t + 2500).toISOString(),
        failed ? 'failed' : 'succeeded', failed ? 1 : 0, 2500);
    }
  })();
  db.close();
}
