// Opaque keyset cursors: the sort key of the last item of a page, base64url JSON.
import { ValidationError } from '../core/errors.js';

export function encodeCursor(key: [string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && key.every((k) => typeof k === 'string')) return key as [string, string];
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('SCHEDULE_INVALID', 'The cursor is not one this server handed out.', 'cursor');
}
