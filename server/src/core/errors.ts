// Typed domain errors: a stable `code` for machines, a sentence for people, and the
// payload `field` it is about. The HTTP layer maps them to status codes in one place.

export type ErrorCode =
  | 'SCHEDULE_INVALID'
  | 'RUN_INVALID'
  | 'TRIGGER_INVALID'
  | 'NOTEBOOK_INVALID'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAVAILABLE'
  | 'REQUEST_INVALID'
  | 'INTERNAL';

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;
  constructor(code: ErrorCode, message: string, field: string | null = null) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
  }
}

/** Bad input: the caller can fix it by changing `field`. */
export class ValidationError extends DomainError {
  constructor(code: ErrorCode, message: string, field: string | null) {
    super(code, message, field);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `No ${what} has the id ${JSON.stringify(id)}.`, null);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, field: string | null = null) {
    super('CONFLICT', message, field);
    this.name = 'ConflictError';
  }
}
