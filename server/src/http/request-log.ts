// Request logs at debug level: the sidecar answers the sidebar's polls every few seconds,
// and info-level lines for each would flood the Jupyter server's log. Errors stay at error.
// A LogController subclass is fastify 5's way (the top-level disableRequestLogging option is
// deprecated, FSTDEP023).
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class DebugRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
