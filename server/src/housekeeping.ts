// Daily chores on the data dir: an online backup of the database (the newest 7 kept), and
// the global age limit on run history (rows and their output folders go together).
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Logger, Store } from './ports.js';

export const BACKUPS_KEPT = 7;
const BACKUP_NAME = /^nbschedule-(\d{4}-\d{2}-\d{2})\.sqlite3$/;

export type HousekeepingOptions = {
  store: Store;
  clock: Clock;
  logger: Logger;
  dataDir: string;
  /** Finished runs older than this many days are deleted; 0 keeps them all. */
  retentionDays: number;
};

export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private readonly log: Logger;

  constructor(private readonly o: HousekeepingOptions) {
    this.log = o.logger.child({ component: 'housekeeping' });
  }

  get backupsDir(): string {
    return join(this.o.dataDir, 'backups');
  }

  /** Runs now, then every hour (a backup is only made when today's is missing). */
  start(everyMs = 3600_000): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  runOnce(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.backupIfDue();
      } catch (error) {
        this.log.error({ err: error }, 'the daily database backup failed');
      }
      try {
        await this.pruneOld();
      } catch (error) {
        this.log.error({ err: error }, 'pruning old runs failed');
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Today's (UTC) backup, if there is none yet; then only the newest BACKUPS_KEPT remain. Returns its path when made. */
  async backupIfDue(): Promise<string | null> {
    const day = this.o.clock.now().toISOString().slice(0, 10);
    await mkdir(this.backupsDir, { recursive: true });
    const existing = (await readdir(this.backupsDir)).filter((f) => BACKUP_NAME.test(f)).sort();
    let made: string | null = null;
    if (!existing.includes(`nbschedule-${day}.sqlite3`)) {
      made = join(this.backupsDir, `nbschedule-${day}.sqlite3`);
      // Written beside, then renamed: a half-written copy never looks like a backup.
      const partial = `${made}.partial-${process.pid}`;
      await this.o.store.backup(partial);
      await rename(partial, made);
      existing.push(`nbschedule-${day}.sqlite3`);
      existing.sort();
      this.log.info({ path: made }, 'database backed up');
    }
    for (const old of existing.slice(0, Math.max(0, existing.length - BACKUPS_KEPT))) {
      await rm(join(this.backupsDir, old), { force: true });
    }
    return made;
  }

  /** Deletes finished runs older than the age limit, rows first, then their folders. Returns how many. */
  async pruneOld(): Promise<number> {
    if (this.o.retentionDays <= 0) return 0;
    const cutoff = new Date(this.o.clock.now().getTime() - this.o.retentionDays * 86400_000);
    let total = 0;
    for (;;) {
      const ids = await this.o.store.runsFinishedBefore(cutoff, 500);
      if (ids.length === 0) break;
      await this.o.store.deleteRuns(ids);
      await Promise.all(ids.map((id) => rm(join(this.o.dataDir, 'runs', id), { recursive: true, force: true })));
      total += ids.length;
    }
    if (total > 0) this.log.info({ deleted: total, cutoff }, 'deleted runs older than the age limit');
    return total;
  }
}
