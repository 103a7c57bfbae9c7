// The command line talking to a running sidecar (or the Jupyter server's proxy) by URL.
import type { ScheduleDocument } from '../core/schedule-document.js';
import type { ImportEntries } from '../schedule-import.js';
import { CliError, type Backend, type ImportView, type RunView, type ScheduleView, type StatusView } from './backend.js';

export class HttpBackend implements Backend {
  private readonly base: string;
  constructor(
    url: string,
    private readonly token: string,
  ) {
    const trimmed = url.replace(/\/+$/, '');
    this.base = /\/api\/v1$/.test(trimmed) ? trimmed : `${trimmed}/api/v1`;
  }

  get where(): string {
    return this.base;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new CliError(`Cannot reach the sidecar at ${this.base} (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}).`);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new CliError(`The sidecar at ${this.base} answered ${res.status} with something that is not JSON.`);
    }
    if (!res.ok) {
      const e = (json as { error?: { message?: string; field?: string | null } } | null)?.error;
      throw new CliError(e?.message ? `${e.message}${e.field ? ` (${e.field})` : ''}` : `The sidecar answered ${res.status}.`);
    }
    return json as T;
  }

  status(): Promise<StatusView> {
    return this.call('GET', '/status');
  }

  async schedules(): Promise<ScheduleView[]> {
    const all: ScheduleView[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ScheduleView[]; nextCursor: string | null } = await this.call(
        'GET',
        `/schedules?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  runNow(scheduleId: string): Promise<RunView> {
    return this.call('POST', `/schedules/${encodeURIComponent(scheduleId)}/run`, {});
  }

  run(runId: string): Promise<RunView> {
    return this.call('GET', `/runs/${encodeURIComponent(runId)}`);
  }

  exportDocument(): Promise<ScheduleDocument> {
    return this.call('GET', '/export');
  }

  importDocument(entries: ImportEntries, dryRun: boolean): Promise<ImportView> {
    return this.call('POST', `/import?dryRun=${dryRun}`, { nbschedule: 1, schedules: entries });
  }

  async close(): Promise<void> {}
}
