// Every request needs "Authorization: Bearer <token>". Digests make the comparison
// constant-time whatever the lengths.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function bearerAuth(token: string) {
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1].trim()), expected)) return;
    return reply
      .code(401)
      .header('WWW-Authenticate', 'Bearer')
      .send(errorBody('UNAUTHORIZED', match ? 'The bearer token is wrong.' : 'An "Authorization: Bearer <token>" header is required.'));
  };
}
