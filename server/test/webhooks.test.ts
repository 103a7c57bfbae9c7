import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { maskUrl } from '../src/core/webhooks.js';
import type { Logger } from '../src/ports.js';
import { WebhookNotifier, type Delivery } from '../src/webhook-notifier.js';
import { AUTH, makeSidecar, type Executor, type Sidecar } from './fixture-app.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const SECRET = 'T000/B000/s3cr3tXYZ';

function recordingLogger(lines: string[], scope: object = {}): Logger {
  const write = (level: string) => (fields: object, message: string) => void lines.push(JSON.stringify({ level, ...scope, ...fields, message }));
  return { info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug'), child: (s) => recordingLogger(lines, { ...scope, ...s }) };
}

type Received = { path: string; body: Record<string, unknown>; headers: IncomingMessage['headers'] };

/** A webhook endpoint on 127.0.0.1 answering with the given statuses in turn (then 200). */
async function endpoint(statuses: number[] = [], hang = false) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      received.push({ path: req.url!, body: JSON.parse(text), headers: req.headers });
      if (hang) return; // never answers
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise((r) => server.close(r)));
  cleanups.push(() => server.closeAllConnections());
  return { received, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

const failing: Executor = {
  async execute() {
    return { status: 'failed', exitCode: 1, error: 'ZeroDivisionError: division by zero (cell 2)', outputs: [], durationMs: 5 };
  },
};

async function sidecarWithNotifier(opts: { retryDelaysMs?: number[]; timeoutMs?: number } = {}) {
  const sc: Sidecar = await makeSidecar({ executor: failing, start: true, clock: { now: () => new Date() } });
  cleanups.push(() => sc.close());
  const lines: string[] = [];
  const notifier = new WebhookNotifier({ store: sc.store, scheduler: sc.scheduler, logger: recordingLogger(lines), retryDelaysMs: opts.retryDelaysMs ?? [30, 30], timeoutMs: opts.timeoutMs });
  notifier.start();
  cleanups.push(() => notifier.stop());
  const schedule = (await sc.app.inject({ method: 'POST', url: '/api/v1/schedules', headers: AUTH, payload: { name: 'Nightly', notebook: 'reports/hello.ipynb', trigger: { cron: '0 3 * * *' } } })).json();
  return { sc, notifier, lines, schedule };
}

const put = (sc: Sidecar, id: string, webhooks: unknown[]) =>
  sc.app.inject({ method: 'PUT', url: `/api/v1/schedules/${id}/webhooks`, headers: AUTH, payload: { webhooks } });

describe('webhook URLs are masked', () => {
  it('hides credentials, the path after its first segment and the query', () => {
    expect(maskUrl('https://hooks.slack.com/services/T000/B000/xyz')).toBe('https://hooks.slack.com/services/***');
    expect(maskUrl('https://user:pw@example.com/hook?token=abc')).toBe('https://***@example.com/***?***');
    expect(maskUrl('http://127.0.0.1:9000/')).toBe('http://127.0.0.1:9000/');
    expect(maskUrl('not a url')).toBe('***');
  });
});

describe('per-schedule webhooks', () => {
  it('are stored, answered masked, kept when the masked list is sent back, and go with the schedule', async () => {
    const { sc, schedule } = await sidecarWithNotifier();
    const url = `https://hooks.slack.com/services/${SECRET}`;
    const res = await put(sc, schedule.id, [{ url, on: ['failure'] }]);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('s3cr3t');
    expect(res.json()).toEqual({ webhooks: [{ url: 'https://hooks.slack.com/services/***', on: ['failure'] }] });
    const read = await sc.app.inject({ method: 'GET', url: `/api/v1/schedules/${schedule.id}/webhooks`, headers: AUTH });
    expect(read.body).not.toContain('s3cr3t');

    await put(sc, schedule.id, [...read.json().webhooks, { url: 'http://127.0.0.1:1/x', on: ['success', 'failure'] }]);
    expect(await sc.store.getWebhooks(schedule.id)).toEqual([{ url, on: ['failure'] }, { url: 'http://127.0.0.1:1/x', on: ['success', 'failure'] }]);

    const bad = await put(sc, schedule.id, [{ url: 'ftp://example.com/x' }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('webhooks[0].url');
    expect((await put(sc, 'sch_missing', [])).statusCode).toBe(404);

    await sc.app.inject({ method: 'DELETE', url: `/api/v1/schedules/${schedule.id}`, headers: AUTH });
    expect(await sc.store.getWebhooks(schedule.id)).toEqual([]);
  });

  it('a failed run POSTs a Slack-compatible body to a local endpoint, retrying after a 503; success-only hooks stay quiet', async () => {
    const onFailure = await endpoint([503]);
    const onSuccess = await endpoint();
    const { sc, notifier, lines, schedule } = await sidecarWithNotifier();
    await put(sc, schedule.id, [
      { url: `${onFailure.base}/services/${SECRET}`, on: ['failure'] },
      { url: `${onSuccess.base}/only-success`, on: ['success'] },
    ]);
    const delivered = new Promise<Delivery>((resolve) => (notifier.onDelivered = resolve));
    const run = (await sc.app.inject({ method: 'POST', url: `/api/v1/schedules/${schedule.id}/run`, headers: AUTH, payload: {} })).json();
    const delivery = await delivered;
    expect(delivery).toMatchObject({ ok: true, attempts: 2, status: 200, runId: run.id });

    expect(onFailure.received).toHaveLength(2);
    const body = onFailure.received[1].body as { text: string; nbschedule: { event: string; run: { id: string; status: string; error: string }; schedule: { name: string } } };
    expect(onFailure.received[1].path).toBe(`/services/${SECRET}`);
    expect(onFailure.received[1].headers['content-type']).toBe('application/json');
    expect(body.text).toMatch(/^:x: nbschedule: "Nightly" \(reports\/hello.ipynb\) failed/);
    expect(body.text).toContain('ZeroDivisionError');
    expect(body.nbschedule).toMatchObject({ event: 'failure', schedule: { name: 'Nightly' }, run: { id: run.id, status: 'failed' } });
    expect(onSuccess.received).toHaveLength(0);

    const log = lines.join('\n');
    expect(log).toMatch(/will retry/);
    expect(log).toMatch(/webhook delivered/);
    expect(log).toContain(run.id);
    expect(log).not.toContain('s3cr3t');
  });

  it('a webhook that never answers does not hold up the run or the scheduler, and gives up after its retries', async () => {
    const hanging = await endpoint([], true);
    const { sc, notifier, lines, schedule } = await sidecarWithNotifier({ retryDelaysMs: [20], timeoutMs: 200 });
    await put(sc, schedule.id, [{ url: `${hanging.base}/hook/${SECRET}` }]);
    let settled = false;
    const delivered = new Promise<Delivery>((resolve) => (notifier.onDelivered = resolve)).finally(() => (settled = true));
    const runFinished = once(sc.scheduler, 'run-finished');
    const run = (await sc.app.inject({ method: 'POST', url: `/api/v1/schedules/${schedule.id}/run`, headers: AUTH, payload: {} })).json();
    await runFinished;
    // The run is finished (and a second one can run) while the endpoint still hangs.
    expect(settled).toBe(false);
    const finished = (await sc.app.inject({ method: 'GET', url: `/api/v1/runs/${run.id}`, headers: AUTH })).json();
    expect(finished.status).toBe('failed');
    const second = (await sc.app.inject({ method: 'POST', url: `/api/v1/schedules/${schedule.id}/run`, headers: AUTH, payload: {} })).json();
    expect(second.status).toMatch(/queued|running|failed/);
    expect(await delivered).toMatchObject({ ok: false, attempts: 2, status: null });
    expect(lines.join('\n')).toMatch(/timed out/);
    expect(lines.join('\n')).not.toContain('s3cr3t');
  });
});
