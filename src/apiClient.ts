import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import type {
  ProxiedErrorBody as ErrorBody,
  Page,
  ImportResult,
  Kernelspecs,
  Preview,
  Run,
  RunLog,
  ScheduleDocument,
  RunCreate,
  RunNow,
  RunStatus,
  Schedule,
  ScheduleCreate,
  SchedulePatch,
  SidecarInfo,
  Status,
  Trigger
} from './apiTypes';

/** The URL namespace of the API under the Jupyter server's base URL. */
export const API_PATH = 'nbschedule/api/v1';

/** An error answered by the API (or a network failure, status 0), with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly sidecar: SidecarInfo | null = null
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the scheduler sidecar (or the whole server) cannot be reached. */
  get isUnavailable(): boolean {
    return this.status === 0 || this.status === 503;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

function queryString(query: Query | undefined): string {
  if (!query) {
    return '';
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isErrorBody(body: unknown): body is ErrorBody {
  const error = (body as ErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.message === 'string';
}

export interface IListSchedulesQuery extends Query {
  q?: string;
  enabled?: boolean;
  tag?: string;
  limit?: number;
  cursor?: string | null;
}

export interface IListRunsQuery extends Query {
  scheduleId?: string;
  status?: RunStatus;
  since?: string;
  limit?: number;
  cursor?: string | null;
}

/**
 * The one client of the nbschedule API. Requests go through `ServerConnection`,
 * so authentication, the base URL and XSRF come from JupyterLab.
 */
export class ApiClient {
  constructor(readonly serverSettings: ServerConnection.ISettings = ServerConnection.makeSettings()) {}

  /** The absolute URL of an API path (used for iframes and downloads). */
  url(path: string, query?: Query): string {
    return URLExt.join(this.serverSettings.baseUrl, API_PATH, path) + queryString(query);
  }

  outputUrl(runId: string, name: string): string {
    return this.url(`runs/${encodeURIComponent(runId)}/outputs/${encodeURIComponent(name)}`);
  }

  getStatus(): Promise<Status> {
    return this.request<Status>('GET', 'status');
  }

  listSchedules(query?: IListSchedulesQuery): Promise<Page<Schedule>> {
    return this.request<Page<Schedule>>('GET', 'schedules', undefined, query);
  }

  /** Every schedule, following the cursor (bounded to `maxPages` pages). */
  async listAllSchedules(maxPages = 20): Promise<Schedule[]> {
    const all: Schedule[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const result: Page<Schedule> = await this.listSchedules({ limit: 500, cursor });
      all.push(...result.items);
      cursor = result.nextCursor;
      if (!cursor) {
        break;
      }
    }
    return all;
  }

  getSchedule(id: string): Promise<Schedule> {
    return this.request<Schedule>('GET', `schedules/${encodeURIComponent(id)}`);
  }

  createSchedule(body: ScheduleCreate): Promise<Schedule> {
    return this.request<Schedule>('POST', 'schedules', body);
  }

  updateSchedule(id: string, patch: SchedulePatch): Promise<Schedule> {
    return this.request<Schedule>('PATCH', `schedules/${encodeURIComponent(id)}`, patch);
  }

  async deleteSchedule(id: string, options: { purge?: boolean } = {}): Promise<void> {
    // An empty JSON object as body: ServerConnection sends a JSON content type, and the
    // sidecar refuses an empty body under it.
    await this.request<unknown>('DELETE', `schedules/${encodeURIComponent(id)}`, {}, {
      purge: options.purge ? true : undefined
    });
  }

  runSchedule(id: string, body: RunNow = {}): Promise<Run> {
    return this.request<Run>('POST', `schedules/${encodeURIComponent(id)}/run`, body);
  }

  listRuns(query?: IListRunsQuery): Promise<Page<Run>> {
    return this.request<Page<Run>>('GET', 'runs', undefined, query);
  }

  createRun(body: RunCreate): Promise<Run> {
    return this.request<Run>('POST', 'runs', body);
  }

  getRun(id: string): Promise<Run> {
    return this.request<Run>('GET', `runs/${encodeURIComponent(id)}`);
  }

  cancelRun(id: string): Promise<Run> {
    return this.request<Run>('POST', `runs/${encodeURIComponent(id)}/cancel`, {});
  }

  /** An output file's text (e.g. `run.log`, `executed.ipynb`). */
  async getOutputText(runId: string, name: string): Promise<string> {
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(this.outputUrl(runId, name), { method: 'GET' }, this.serverSettings);
    } catch (reason) {
      throw new ApiError(0, 'NETWORK_ERROR', `Could not reach the Jupyter server: ${String(reason)}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = `The server answered ${response.status} for ${name}.`;
      try {
        const body = JSON.parse(text) as unknown;
        if (isErrorBody(body)) {
          message = body.error.message;
        }
      } catch {
        // not JSON: keep the status sentence
      }
      throw new ApiError(response.status, 'OUTPUT_UNAVAILABLE', message);
    }
    return text;
  }

  /** The last `tail` lines of a run's log, with its status and progress. */
  getRunLog(id: string, tail = 400): Promise<RunLog> {
    return this.request<RunLog>('GET', `runs/${encodeURIComponent(id)}/log`, undefined, { tail });
  }

  /** The kernelspecs installed where the sidecar runs notebooks. */
  getKernelspecs(): Promise<Kernelspecs> {
    return this.request<Kernelspecs>('GET', 'kernelspecs');
  }

  /** Every schedule as a versionable document (no ids, no history). */
  exportSchedules(): Promise<ScheduleDocument> {
    return this.request<ScheduleDocument>('GET', 'export');
  }

  /** Create or update schedules from a document, by name; a dry run only says what would change. */
  importSchedules(document: unknown, dryRun: boolean): Promise<ImportResult> {
    return this.request<ImportResult>('POST', 'import', document, { dryRun });
  }

  preview(trigger: Trigger, count = 5): Promise<Preview> {
    return this.request<Preview>('POST', 'preview', { trigger, count });
  }

  private async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'Content-Type': 'application/json' };
    }
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(this.url(path, query), init, this.serverSettings);
    } catch (reason) {
      throw new ApiError(
        0,
        'NETWORK_ERROR',
        `Could not reach the Jupyter server: ${reason instanceof Error ? reason.message : String(reason)}`
      );
    }
    const text = await response.text();
    let data: unknown = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!response.ok) {
      if (isErrorBody(data)) {
        throw new ApiError(
          response.status,
          data.error.code || 'ERROR',
          data.error.message,
          data.error.field ?? null,
          data.sidecar ?? null
        );
      }
      const fallback =
        response.status === 503
          ? ['SIDECAR_UNAVAILABLE', 'The scheduler is not running.']
          : ['HTTP_ERROR', `The server answered ${response.status} ${response.statusText}.`.trim()];
      throw new ApiError(response.status, fallback[0], fallback[1]);
    }
    return data as T;
  }
}
