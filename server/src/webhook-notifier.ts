// Delivers a schedule's webhooks when one of its runs finishes: off the scheduler's path (the
// run-finished event only enqueues), with retries and backoff, and only masked URLs in the logs.
import { maskUrl, runEvent, webhookBody, WEBHOOK_RETRY_DELAYS_MS, type Webhook } from './core/webhooks.js';
import type { Run } from './core/model.js';
import type { Logger, Store } from './ports.js';
import type { Scheduler } from './scheduler.js';

export type WebhookNotifierOptions = {
  store: Store;
  scheduler: Pick<Scheduler, 'on' | 'off'>;
  logger: Logger;
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
  fetch?: typeof fetch;
};

export type Delivery = { url: string; runId: string; ok: boolean; attempts: number; status: number | null };

export class WebhookNotifier {
  private readonly log: Logger;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<Promise<Delivery>>();
  private stopped = false;
  private readonly listener = (run: Run) => void this.notify(run);
  /** Called after each delivery settles (tests wait on it). */
  onDelivered: ((d: Delivery) => void) | null = null;

  constructor(private readonly o: WebhookNotifierOptions) {
    this.log = o.logger.child({ component: 'webhooks' });
  }

  start(): void {
    this.o.scheduler.on('run-finished', this.listener);
  }

  /** Stops listening and drops retries not yet due; deliveries in flight finish on their own. */
  stop(): void {
    this.stopped = true;
    this.o.scheduler.off('run-finished', this.listener);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async notify(run: Run): Promise<void> {
    const event = runEvent(run);
    if (!event || !run.scheduleId) return;
    try {
      const webhooks = (await this.o.store.getWebhooks(run.scheduleId)).filter((w) => w.on.includes(event));
      if (webhooks.length === 0) return;
      const schedule = await this.o.store.getSchedule(run.scheduleId);
      if (!schedule) return;
      const body = JSON.stringify(webhookBody(event, run, schedule));
      for (const webhook of webhooks) {
        const p = this.deliver(webhook, body, run, 1).finally(() => this.pending.delete(p));
        this.pending.add(p);
      }
    } catch (error) {
      this.log.error({ scheduleId: run.scheduleId, runId: run.id, err: (error as Error).message }, 'could not prepare webhooks');
    }
  }

  private async deliver(webhook: Webhook, body: string, run: Run, attempt: number): Promise<Delivery> {
    const scope = { scheduleId: run.scheduleId, runId: run.id, url: maskUrl(webhook.url), attempt };
    let status: number | null = null;
    let problem: string;
    try {
      const res = await (this.o.fetch ?? fetch)(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'nbschedule' },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        this.log.info({ ...scope, status }, 'webhook delivered');
        return this.settle({ url: scope.url, runId: run.id, ok: true, attempts: attempt, status });
      }
      problem = `answered ${res.status}`;
    } catch (error) {
      // Never the error's own text: fetch errors can quote the URL.
      problem = (error as Error).name === 'TimeoutError' ? 'timed out' : `could not connect (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).name})`;
    }
    const delays = this.o.retryDelaysMs ?? WEBHOOK_RETRY_DELAYS_MS;
    const delay = delays[attempt - 1];
    if (delay === undefined || this.stopped) {
      this.log.error({ ...scope, status, problem }, 'webhook delivery failed; giving up');
      return this.settle({ url: scope.url, runId: run.id, ok: false, attempts: attempt, status });
    }
    this.log.warn({ ...scope, status, problem, retryInMs: delay }, 'webhook delivery failed; will retry');
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, delay);
      t.unref();
      this.timers.add(t);
    });
    if (this.stopped) return this.settle({ url: scope.url, runId: run.id, ok: false, attempts: attempt, status });
    return this.deliver(webhook, body, run, attempt + 1);
  }

  private settle(d: Delivery): Delivery {
    this.onDelivered?.(d);
    return d;
  }
}
