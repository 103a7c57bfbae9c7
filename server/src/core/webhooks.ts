// Failure notifications: per-schedule webhooks, their validation, the masked form every
// answer and log line shows, the Slack-compatible body, and the retry delays. Pure.
import { ValidationError } from './errors.js';
import type { Run, Schedule } from './model.js';

export type WebhookEvent = 'failure' | 'success';
export type Webhook = { url: string; on: WebhookEvent[] };

export const WEBHOOK_LIMITS = Object.freeze({ perSchedule: 10, urlLength: 2048 });
/** Waits before each retry of a delivery that failed (network error, timeout or non-2xx). */
export const WEBHOOK_RETRY_DELAYS_MS = Object.freeze([1_000, 5_000, 30_000, 120_000]);
export const FAILURE_STATUSES: ReadonlySet<string> = new Set(['failed', 'timed_out', 'interrupted']);

export function validateWebhooks(webhooks: Webhook[]): Webhook[] {
  if (webhooks.length > WEBHOOK_LIMITS.perSchedule) {
    throw new ValidationError('SCHEDULE_INVALID', `A schedule takes at most ${WEBHOOK_LIMITS.perSchedule} webhooks.`, 'webhooks');
  }
  return webhooks.map((w, i) => {
    let url: URL;
    try {
      url = new URL(w.url);
    } catch {
      throw new ValidationError('SCHEDULE_INVALID', 'The webhook URL is not a valid URL.', `webhooks[${i}].url`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ValidationError('SCHEDULE_INVALID', 'A webhook URL must start with https:// or http://.', `webhooks[${i}].url`);
    }
    const on = [...new Set(w.on ?? ['failure'])];
    if (on.length === 0) throw new ValidationError('SCHEDULE_INVALID', '"on" needs "failure", "success" or both.', `webhooks[${i}].on`);
    return { url: w.url, on };
  });
}

/**
 * The URL with everything that may be a secret hidden: credentials, every path segment after
 * the first (a lone segment too), the query and the fragment. "https://hooks.slack.com/services/T0/B0/xyz" shows as
 * "https://hooks.slack.com/services/***".
 */
export function maskUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '***';
  }
  const segments = url.pathname.split('/').filter(Boolean);
  // A lone segment may itself be the secret; with more, the first names the service.
  const path = segments.length === 0 ? '/' : segments.length === 1 ? '/***' : `/${segments[0]}/***`;
  const auth = url.username || url.password ? '***@' : '';
  return `${url.protocol}//${auth}${url.host}${path}${url.search ? '?***' : ''}`;
}

export function maskWebhooks(webhooks: Webhook[]): Array<{ url: string; on: WebhookEvent[] }> {
  return webhooks.map((w) => ({ url: maskUrl(w.url), on: w.on }));
}

/** Which event a finished run is, or null when it notifies nobody (cancelled, skipped). */
export function runEvent(run: Pick<Run, 'status'>): WebhookEvent | null {
  if (run.status === 'succeeded') return 'success';
  return FAILURE_STATUSES.has(run.status) ? 'failure' : null;
}

/** A JSON body Slack-compatible endpoints accept (`text`), with the details for other tools. */
export function webhookBody(event: WebhookEvent, run: Run, schedule: Pick<Schedule, 'id' | 'name' | 'notebook'>) {
  const icon = event === 'failure' ? ':x:' : ':white_check_mark:';
  const what = event === 'failure' ? `failed (${run.status.replace('_', ' ')})` : 'succeeded';
  const error = run.error ? `\n> ${run.error.split('\n')[0].slice(0, 500)}` : '';
  return {
    text: `${icon} nbschedule: "${schedule.name}" (${schedule.notebook}) ${what}, attempt ${run.attempt}.${error}`,
    nbschedule: {
      event,
      schedule: { id: schedule.id, name: schedule.name, notebook: schedule.notebook },
      run: {
        id: run.id,
        status: run.status,
        attempt: run.attempt,
        trigger: run.trigger,
        scheduledFor: run.scheduledFor ? run.scheduledFor.toISOString() : null,
        startedAt: run.startedAt ? run.startedAt.toISOString() : null,
        finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
        durationMs: run.durationMs,
        error: run.error,
      },
    },
  };
}
