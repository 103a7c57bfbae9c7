// Ids are opaque to clients; a time prefix keeps them roughly in creation order, which makes
// SQLite's b-trees and people reading logs happier.
import { randomBytes } from 'node:crypto';

export function newId(prefix: 'sch' | 'run', now = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}
