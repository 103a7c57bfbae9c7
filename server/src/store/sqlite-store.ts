// The Store port over better-sqlite3. better-sqlite3 is synchronous; the async signatures
// exist for the port's sake (a PostgreSQL store would need them).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FireRecord } from '../core/fire-record.js';
import type { NewRun, Run, Schedule } from '../core/model.js';
import type { Webhook } from '../core/webhooks.js';
import { canTransition, type RunStatus } from '../core/run-state.js';
import type { Lease, Page, RunFinish, RunQuery, ScheduleQuery, Store, StoreCounts } from '../ports.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DatabaseCorruptError } from './integrity-check.js';
import { migrate } from './migrations.js';
import { iso, runFromRow, scheduleFromRow, scheduleToRow, type RunRow, type ScheduleRow } from './rows.js';

// A queued run's place in the FIFO queue: 1 + the queued runs ahead of it (index runs_status_queued).
const RUN_SELECT = `SELECT r.*, CASE WHEN r.status = 'queued' THEN 1 + (SELECT COUNT(*) FROM runs q
  WHERE q.status = 'queued' AND (q.queued_at < r.queued_at OR (q.queued_at = r.queued_at AND q.id < r.id))) END AS queue_position
  FROM runs r`;

const SCHEDULE_SELECT = `
  SELECT s.*, r.status AS lr_status, r.finished_at AS lr_finished_at,
         r.duration_ms AS lr_duration_ms, r.error AS lr_error
  FROM schedules s LEFT JOIN runs r ON r.id = s.last_run_id`;

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    try {
      // The busy timeout first: another sidecar on the same file may hold the lock right now.
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('journal_mode = WAL');
      // In WAL, NORMAL never corrupts the file and survives a crash of the process; a power cut
      // may lose the last commits, which then simply did not happen (a lost fire re-fires as a
      // catch-up, its row lost with it). FULL would fsync every fire and cap throughput.
      this.db.pragma('synchronous = NORMAL');
      // SQLite's own default page cache (2 MB). better-sqlite3 builds with 16 MB, which the daily
      // backup fills and an idle sidecar then keeps; pages missed come from the OS's file cache.
      this.db.pragma('cache_size = -2000');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db, path);
    } catch (error) {
      this.db.close();
      const code = (error as { code?: string }).code;
      // The cheap guard: opening reads the header and schema, so garbage fails here at once;
      // the full check runs in the background (integrity-check.ts).
      if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') throw new DatabaseCorruptError(path, [(error as Error).message]);
      throw error;
    }
  }

  /** Each SQL text is prepared once: preparing costs more than running these small statements. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /**
   * A write transaction that takes the write lock at BEGIN. A deferred one that reads first
   * fails at once with SQLITE_BUSY when another sidecar wrote meanwhile (WAL cannot upgrade a
   * stale snapshot); an immediate one waits its turn under the busy timeout instead.
   */
  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  async createSchedule(s: Schedule): Promise<void> {
    const row = scheduleToRow(s);
    const cols = Object.keys(row);
    this.sql(`INSERT INTO schedules (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(row);
  }

  async getSchedule(id: string): Promise<Schedule | null> {
    const row = this.sql(`${SCHEDULE_SELECT} WHERE s.id = ?`).get(id) as ScheduleRow | undefined;
    return row ? scheduleFromRow(row) : null;
  }

  async listSchedules(query: ScheduleQuery): Promise<Page<Schedule>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.q) {
      where.push(`(s.name LIKE ? ESCAPE '\\' OR s.notebook LIKE ? ESCAPE '\\' OR s.description LIKE ? ESCAPE '\\')`);
      const like = `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      params.push(like, like, like);
    }
    if (query.enabled !== undefined) {
      where.push('s.enabled = ?');
      params.push(query.enabled ? 1 : 0);
    }
    if (query.tag) {
      where.push('EXISTS (SELECT 1 FROM json_each(s.tags_json) WHERE json_each.value = ?)');
      params.push(query.tag);
    }
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor);
      where.push('(s.created_at, s.id) > (?, ?)');
      params.push(createdAt, id);
    }
    const sql = `${SCHEDULE_SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY s.created_at, s.id LIMIT ?`;
    const rows = this.sql(sql).all(...params, query.limit + 1) as ScheduleRow[];
    const items = rows.slice(0, query.limit).map(scheduleFromRow);
    const last = rows.length > query.limit ? rows[query.limit - 1] : null;
    return { items, nextCursor: last ? encodeCursor([last.created_at, last.id]) : null };
  }

  async updateSchedule(s: Schedule): Promise<void> {
    const { id, created_at: _created, last_nominal_at: _nominal, ...row } = scheduleToRow(s);
    const sets = Object.keys(row).map((c) => `${c} = @${c}`);
    this.sql(`UPDATE schedules SET ${sets.join(', ')}, last_nominal_at = CASE WHEN @reset THEN NULL ELSE last_nominal_at END WHERE id = @id`).run({
      ...row,
      id,
      reset: s.lastNominalAt === null ? 1 : 0,
    });
  }

  async deleteSchedule(id: string, purge: boolean): Promise<string[]> {
    return this.write(() => {
      let runIds: string[] = [];
      if (purge) {
        runIds = (this.sql('SELECT id FROM runs WHERE schedule_id = ?').all(id) as Array<{ id: string }>).map((r) => r.id);
        this.sql('UPDATE schedules SET last_run_id = NULL WHERE id = ?').run(id);
        this.sql('DELETE FROM runs WHERE schedule_id = ?').run(id);
      }
      this.sql('DELETE FROM schedules WHERE id = ?').run(id);
      return runIds;
    });
  }

  async dueSchedules(now: Date): Promise<Schedule[]> {
    const rows = this
      .sql(`${SCHEDULE_SELECT} WHERE s.enabled = 1 AND s.next_run_at IS NOT NULL AND s.next_run_at <= ? ORDER BY s.next_run_at`)
      .all(now.toISOString()) as ScheduleRow[];
    return rows.map(scheduleFromRow);
  }

  private insertRun(run: NewRun): boolean {
    const info = this
      .sql(
        `INSERT OR IGNORE INTO runs (id, schedule_id, notebook, trigger, scheduled_for, queued_at, finished_at, status,
           attempt, error, parameters_json, outputs_json, kernel, output_formats_json, timeout_seconds, not_before)
         VALUES (@id, @schedule_id, @notebook, @trigger, @scheduled_for, @queued_at, @finished_at, @status,
           @attempt, @error, @parameters_json, '[]', @kernel, @output_formats_json, @timeout_seconds, @not_before)`,
      )
      .run({
        id: run.id,
        schedule_id: run.scheduleId,
        notebook: run.notebook,
        trigger: run.trigger,
        scheduled_for: iso(run.scheduledFor),
        queued_at: run.queuedAt.toISOString(),
        finished_at: iso(run.finishedAt),
        status: run.status,
        attempt: run.attempt,
        error: run.error,
        parameters_json: JSON.stringify(run.parameters),
        kernel: run.kernel,
        output_formats_json: JSON.stringify(run.outputFormats),
        timeout_seconds: run.timeoutSeconds,
        not_before: iso(run.notBefore),
      });
    if (info.changes === 1 && run.scheduleId && run.status !== 'skipped') {
      this.sql('UPDATE schedules SET last_run_id = ? WHERE id = ?').run(run.id, run.scheduleId);
    }
    return info.changes === 1;
  }

  async recordFires(records: FireRecord[]): Promise<Run[][]> {
    return this.write(() =>
      records.map((r) => {
        const moved = this
          .sql('UPDATE schedules SET next_run_at = ?, last_nominal_at = COALESCE(?, last_nominal_at) WHERE id = ? AND next_run_at = ?')
          .run(iso(r.nextRunAt), iso(r.lastNominalAt), r.scheduleId, r.expectedNextRunAt.toISOString());
        if (moved.changes !== 1) return [];
        const inserted = r.runs.filter((run) => this.insertRun(run)).map((run) => run.id);
        return inserted.map((id) => runFromRow(this.sql('SELECT * FROM runs WHERE id = ?').get(id) as RunRow));
      }),
    );
  }

  async createRun(run: NewRun): Promise<Run> {
    this.write(() => this.insertRun(run));
    return (await this.getRun(run.id))!;
  }

  async getRun(id: string): Promise<Run | null> {
    const row = this.sql(`${RUN_SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined;
    return row ? runFromRow(row) : null;
  }

  async listRuns(query: RunQuery): Promise<Page<Run>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.scheduleId) {
      where.push('schedule_id = ?');
      params.push(query.scheduleId);
    }
    if (query.status) {
      where.push('status = ?');
      params.push(query.status);
    }
    if (query.since) {
      where.push('queued_at >= ?');
      params.push(query.since.toISOString());
    }
    if (query.cursor) {
      const [queuedAt, id] = decodeCursor(query.cursor);
      where.push('(queued_at, id) < (?, ?)');
      params.push(queuedAt, id);
    }
    const sql = `${RUN_SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY r.queued_at DESC, r.id DESC LIMIT ?`;
    const rows = this.sql(sql).all(...params, query.limit + 1) as RunRow[];
    const items = rows.slice(0, query.limit).map(runFromRow);
    const last = rows.length > query.limit ? rows[query.limit - 1] : null;
    return { items, nextCursor: last ? encodeCursor([last.queued_at, last.id]) : null };
  }

  async activeRuns(scheduleIds: string[]): Promise<Map<string, Run[]>> {
    const rows = this
      .sql(
        `SELECT * FROM runs WHERE status IN ('queued', 'running')
           AND schedule_id IN (SELECT value FROM json_each(?)) ORDER BY queued_at, id`,
      )
      .all(JSON.stringify(scheduleIds)) as RunRow[];
    const bySchedule = new Map<string, Run[]>();
    for (const run of rows.map(runFromRow)) {
      const runs = bySchedule.get(run.scheduleId!);
      if (runs) runs.push(run);
      else bySchedule.set(run.scheduleId!, [run]);
    }
    return bySchedule;
  }

  async queuedRuns(now: Date, limit: number): Promise<Run[]> {
    const rows = this
      .sql(
        `SELECT * FROM runs WHERE status = 'queued' AND (not_before IS NULL OR not_before <= ?)
         ORDER BY queued_at, id LIMIT ?`,
      )
      .all(now.toISOString(), limit) as RunRow[];
    return rows.map(runFromRow);
  }

  async nextQueuedWake(now: Date): Promise<Date | null> {
    const row = this
      .sql(`SELECT MIN(not_before) AS t FROM runs WHERE status = 'queued' AND not_before > ?`)
      .get(now.toISOString()) as { t: string | null };
    return row.t ? new Date(row.t) : null;
  }

  async runsWithStatus(status: RunStatus): Promise<Run[]> {
    const rows = this.sql('SELECT * FROM runs WHERE status = ? ORDER BY queued_at, id').all(status) as RunRow[];
    return rows.map(runFromRow);
  }

  async claimRun(id: string, startedAt: Date, progress: Run['progress'], lease?: Lease): Promise<boolean> {
    const info = this
      .sql(
        `UPDATE runs SET status = 'running', started_at = ?, progress_json = ?, lease_token = ?, lease_owner = ?,
           lease_expires_at = ? WHERE id = ? AND status = 'queued'`,
      )
      .run(startedAt.toISOString(), progress ? JSON.stringify(progress) : null, lease?.token ?? null, lease?.owner ?? null, iso(lease?.expiresAt), id);
    return info.changes === 1;
  }

  async setRunPid(id: string, pid: number | null, pidStarted: string | null = null, leaseToken?: string): Promise<boolean> {
    const info = this
      .sql(`UPDATE runs SET pid = ?, pid_started = ? WHERE id = ? AND status = 'running' AND (? IS NULL OR lease_token = ?)`)
      .run(pid, pidStarted, id, leaseToken ?? null, leaseToken ?? null);
    return info.changes === 1;
  }

  async setRunProgress(id: string, progress: Run['progress'], leaseToken?: string): Promise<boolean> {
    const info = this
      .sql(`UPDATE runs SET progress_json = ? WHERE id = ? AND status = 'running' AND (? IS NULL OR lease_token = ?)`)
      .run(progress ? JSON.stringify(progress) : null, id, leaseToken ?? null, leaseToken ?? null);
    return info.changes === 1;
  }

  async renewLeases(tokens: string[], expiresAt: Date): Promise<string[]> {
    const renew = this.sql(`UPDATE runs SET lease_expires_at = ? WHERE lease_token = ? AND status = 'running'`);
    return this.write(() => tokens.filter((t) => renew.run(expiresAt.toISOString(), t).changes !== 1));
  }

  async expiredLeases(now: Date): Promise<Run[]> {
    const rows = this
      .sql(`SELECT * FROM runs WHERE status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < ?) ORDER BY queued_at, id`)
      .all(now.toISOString()) as RunRow[];
    return rows.map(runFromRow);
  }

  async runsFinishedBefore(cutoff: Date, limit: number): Promise<string[]> {
    const rows = this
      .sql(
        `SELECT id FROM runs WHERE finished_at IS NOT NULL AND finished_at < ? AND status NOT IN ('queued', 'running')
         ORDER BY finished_at LIMIT ?`,
      )
      .all(cutoff.toISOString(), limit) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async backup(path: string): Promise<void> {
    await this.db.backup(path);
  }

  async finishRun(id: string, f: RunFinish): Promise<Run | null> {
    return this.write(() => {
      const row = this.sql('SELECT status FROM runs WHERE id = ?').get(id) as { status: RunStatus } | undefined;
      if (!row || !canTransition(row.status, f.status)) return null;
      const info = this
        .sql(
          `UPDATE runs SET status = ?, finished_at = ?, exit_code = ?, error = ?, outputs_json = ?, duration_ms = ?,
             pid = NULL, progress_json = NULL, lease_expires_at = NULL
           WHERE id = ? AND status = ? AND (? IS NULL OR lease_token = ?)`,
        )
        .run(f.status, f.finishedAt.toISOString(), f.exitCode, f.error, JSON.stringify(f.outputs), f.durationMs, id, row.status,
          f.leaseToken ?? null, f.leaseToken ?? null);
      if (info.changes !== 1) return null;
      return runFromRow(this.sql('SELECT * FROM runs WHERE id = ?').get(id) as RunRow);
    });
  }

  async runsBeyondKeep(scheduleId: string, keep: number): Promise<string[]> {
    const rows = this
      .sql(
        `SELECT id FROM runs WHERE schedule_id = ? AND status NOT IN ('queued', 'running')
         ORDER BY queued_at DESC, id DESC LIMIT -1 OFFSET ?`,
      )
      .all(scheduleId, keep) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async deleteRuns(ids: string[]): Promise<void> {
    const del = this.sql('DELETE FROM runs WHERE id = ?');
    this.write(() => ids.forEach((id) => del.run(id)));
  }

  async counts(): Promise<StoreCounts> {
    const row = this
      .sql(
        `SELECT (SELECT COUNT(*) FROM schedules) AS schedules,
                (SELECT COUNT(*) FROM runs WHERE status = 'queued') AS queued,
                (SELECT COUNT(*) FROM runs WHERE status = 'running') AS running,
                (SELECT MIN(next_run_at) FROM schedules WHERE enabled = 1 AND next_run_at IS NOT NULL) AS next_run_at`,
      )
      .get() as { schedules: number; queued: number; running: number; next_run_at: string | null };
    return { schedules: row.schedules, queued: row.queued, running: row.running, nextRunAt: row.next_run_at ? new Date(row.next_run_at) : null };
  }

  async getWebhooks(scheduleId: string): Promise<Webhook[]> {
    const row = this.sql('SELECT webhooks_json FROM schedule_webhooks WHERE schedule_id = ?').get(scheduleId) as
      | { webhooks_json: string }
      | undefined;
    return row ? (JSON.parse(row.webhooks_json) as Webhook[]) : [];
  }

  async setWebhooks(scheduleId: string, webhooks: Webhook[]): Promise<void> {
    this
      .sql(
        `INSERT INTO schedule_webhooks (schedule_id, webhooks_json) VALUES (?, ?)
         ON CONFLICT (schedule_id) DO UPDATE SET webhooks_json = excluded.webhooks_json`,
      )
      .run(scheduleId, JSON.stringify(webhooks));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
