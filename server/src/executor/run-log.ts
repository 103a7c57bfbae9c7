// runs/<id>/run.log, written as the run goes so its tail can be read while it runs
// (GET /runs/{id}/log). Capped: past LIVE_LOG_BYTES the live file stops growing and, when
// the run ends, the last bytes of the output (kept by the process runner) are appended.
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';

export const LIVE_LOG_BYTES = 2 * 1024 * 1024;

export class RunLog {
  private written = 0;
  private full = false;
  private readonly stream: WriteStream;

  constructor(
    readonly path: string,
    private readonly limit = LIVE_LOG_BYTES,
  ) {
    this.stream = createWriteStream(path, { flags: 'w' });
  }

  /** Whether the cap cut the live log (the caller then appends the output's tail at the end). */
  get truncated(): boolean {
    return this.full;
  }

  write(text: string): void {
    if (this.full) return;
    const bytes = Buffer.byteLength(text);
    if (this.written + bytes > this.limit) {
      this.full = true;
      this.stream.write(`\n[nbschedule: the log reached ${this.limit} bytes; only its end is kept below, when the run ends]\n`);
      return;
    }
    this.written += bytes;
    this.stream.write(text);
  }

  line(text: string): void {
    this.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Appends even past the cap (the end of the output, the run's outcome). */
  force(text: string): void {
    this.stream.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}

export type LogTail = { text: string; truncated: boolean; size: number };

/** The last `lines` lines of a log file, reading at most `maxBytes` from its end. */
export async function readLogTail(path: string, lines: number, maxBytes = 256 * 1024): Promise<LogTail> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', truncated: false, size: 0 };
    throw error;
  }
  try {
    const { size } = await stat(path);
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    let all = buffer.toString('utf8').split('\n');
    // A partial first line (cut by maxBytes) is dropped; so is the empty string after a final newline.
    if (length < size) all = all.slice(1);
    if (all.at(-1) === '') all.pop();
    const kept = all.slice(-lines);
    return { text: kept.join('\n') + (kept.length ? '\n' : ''), truncated: length < size || kept.length < all.length, size };
  } finally {
    await handle.close();
  }
}
