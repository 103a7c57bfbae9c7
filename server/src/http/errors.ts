// The one error mapper: every error leaves as {"error": {"code", "message", "field"}} with
// a fitting status. 5xx answers never carry internals; those go to the log.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '../core/errors.js';
import { TransitionError } from '../core/run-state.js';
import { validateTrigger, type Trigger } from '../core/trigger.js';

export type ErrorBody = { error: { code: string; message: string; field: string | null } };

const DOMAIN_STATUS: Record<ErrorCode, number> = {
  SCHEDULE_INVALID: 400,
  RUN_INVALID: 400,
  TRIGGER_INVALID: 400,
  NOTEBOOK_INVALID: 400,
  REQUEST_INVALID: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

// Size limits on fields answer 413 like an oversized body: the payload is too large, and
// `field` still says which part.
const SIZE_KEYWORDS = new Set(['maxLength', 'maxItems', 'maxProperties']);

type AjvIssue = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };

function fieldOf(issue: AjvIssue, part: string | undefined): string | null {
  const path = issue.instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (issue.keyword === 'required') path.push(String(issue.params.missingProperty));
  if (issue.keyword === 'additionalProperties') path.push(String(issue.params.additionalProperty));
  if (path.length === 0) return part === 'body' ? null : part ?? null;
  return path.join('.');
}

function sentence(issue: AjvIssue, field: string | null): string {
  const subject = field ? `"${field}"` : 'The request body';
  if (issue.keyword === 'required') return `${subject} is required.`;
  if (issue.keyword === 'additionalProperties') return `${subject} is not a known field.`;
  if (issue.keyword === 'anyOf' && field?.endsWith('trigger')) {
    return `${subject} must be one of {"cron", "timezone"}, {"everySeconds"} or {"at"}.`;
  }
  if (issue.keyword === 'minProperties') return `${subject} must contain at least one field.`;
  return `${subject} ${issue.message ?? 'is not valid'}.`;
}

const STRUCTURAL = new Set(['type', 'anyOf', 'required', 'additionalProperties', 'const', 'enum']);

/**
 * Inside an anyOf (a union, or a nullable field), Ajv reports every branch's failure. A
 * constraint failure (maxLength, minimum, ...) is the one that matters: its branch had the
 * right shape. Otherwise the anyOf itself is the honest answer.
 */
function pickIssue(issues: AjvIssue[]): AjvIssue {
  const anyOf = issues.find((i) => i.keyword === 'anyOf');
  if (!anyOf) return issues[0];
  return issues.find((i) => !STRUCTURAL.has(i.keyword) && i.instancePath.startsWith(anyOf.instancePath)) ?? anyOf;
}

function valueAt(body: unknown, instancePath: string): unknown {
  return instancePath
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), body);
}

/** A trigger of no known shape: the core's own checks usually name the exact field. */
function triggerDetail(issue: AjvIssue, body: unknown): DomainError | null {
  if (issue.keyword !== 'anyOf' || !issue.instancePath.endsWith('/trigger')) return null;
  const value = valueAt(body, issue.instancePath);
  if (!value || typeof value !== 'object') return null;
  try {
    validateTrigger(value as Trigger);
  } catch (error) {
    if (error instanceof DomainError && error.field !== 'trigger') return error;
  }
  return null;
}

export function errorBody(code: string, message: string, field: string | null = null): ErrorBody {
  return { error: { code, message, field } };
}

export function mapError(error: unknown, request: FastifyRequest): { status: number; body: ErrorBody } {
  if (error instanceof DomainError) {
    return { status: DOMAIN_STATUS[error.code], body: errorBody(error.code, error.message, error.field) };
  }
  if (error instanceof TransitionError) {
    return { status: 409, body: errorBody('CONFLICT', error.message) };
  }
  const e = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (e.validation && e.validation.length > 0) {
    const issue = pickIssue(e.validation);
    const detail = e.validationContext === 'body' ? triggerDetail(issue, request.body) : null;
    if (detail) return { status: 400, body: errorBody(detail.code, detail.message, detail.field) };
    const field = fieldOf(issue, e.validationContext);
    const config = request.routeOptions?.config as { errorCode?: ErrorCode } | undefined;
    if (SIZE_KEYWORDS.has(issue.keyword)) {
      return { status: 413, body: errorBody('PAYLOAD_TOO_LARGE', sentence(issue, field), field) };
    }
    return { status: 400, body: errorBody(config?.errorCode ?? 'REQUEST_INVALID', sentence(issue, field), field) };
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: errorBody('PAYLOAD_TOO_LARGE', 'The request body is larger than the 1 MiB limit.') };
  }
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e instanceof SyntaxError) {
    return { status: 400, body: errorBody('REQUEST_INVALID', 'The request body is not valid JSON.') };
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, body: errorBody('REQUEST_INVALID', 'Send JSON with Content-Type: application/json.') };
  }
  if ((e as { code?: string }).code === 'SQLITE_BUSY') {
    return { status: 503, body: errorBody('UNAVAILABLE', 'The database is busy; try again in a moment.') };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: errorBody('REQUEST_INVALID', e.message) };
  }
  return { status: 500, body: errorBody('INTERNAL', 'Something went wrong inside nbschedule; the sidecar log has the details.') };
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = mapError(error, request);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.code(status).type('application/json').send(body);
}
