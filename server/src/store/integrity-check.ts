// The start-up integrity check. It runs in a worker thread, off the start-up path, because
// PRAGMA integrity_check reads the whole file (8.5 s at 664 MB).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export class DatabaseCorruptError extends Error {
  constructor(path: string, problems: string[]) {
    super(
      `The database ${path} failed its integrity check (${problems.slice(0, 3).join('; ')}). ` +
        'Stop every nbschedule using it, then restore the newest copy from the backups folder next to it ' +
        '(backups/nbschedule-YYYY-MM-DD.sqlite3) or move it aside to start empty.',
    );
    this.name = 'DatabaseCorruptError';
  }
}

export type IntegrityState = 'checking' | 'ok' | 'failed';

// Evaluated source rather than a module file, so the worker runs alike from lib/ and under ts-jest.
// Its own read-only connection: the check never writes and never holds the write lock.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let problems;
try {
  const db = new (require(workerData.sqlite))(workerData.path, { readonly: true, fileMustExist: true });
  try {
    // The message quotes three; a row may hold several, one a line, under a "*** in database" header.
    problems = db.pragma('integrity_check(3)')
      .flatMap((r) => r.integrity_check.split('\\n'))
      .filter((line) => line !== 'ok' && !line.startsWith('***'));
  } finally {
    db.close();
  }
} catch (error) {
  problems = [String(error && error.message)];
}
parentPort.postMessage(problems);
`;

const SQLITE_MODULE = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * PRAGMA integrity_check on `path` in a worker thread. Resolves once the worker has exited:
 * null when the file is sound, else the error to report (a file that cannot be read fails too).
 */
export function checkIntegrity(path: string): Promise<DatabaseCorruptError | null> {
  return new Promise((resolve) => {
    let problems = ['the check ended without an answer'];
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sqlite: SQLITE_MODULE, path } });
    worker.on('message', (answer: string[]) => (problems = answer));
    worker.on('error', (error) => (problems = [error.message]));
    worker.on('exit', () => resolve(problems.length > 0 ? new DatabaseCorruptError(path, problems) : null));
  });
}

/** The check started at once, with its state for GET /status. */
export class IntegrityCheck {
  state: IntegrityState = 'checking';
  readonly done: Promise<DatabaseCorruptError | null>;

  constructor(path: string) {
    this.done = checkIntegrity(path).then((corrupt) => {
      this.state = corrupt ? 'failed' : 'ok';
      return corrupt;
    });
  }
}
