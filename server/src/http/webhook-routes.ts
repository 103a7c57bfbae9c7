// /schedules/{id}/webhooks: read (masked) and replace a schedule's failure/success webhooks.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { maskUrl, maskWebhooks, validateWebhooks, type Webhook } from '../core/webhooks.js';
import type { AppDeps } from './app.js';
import { ErrorSchema, IdParams, WebhookList } from './schemas.js';

export function webhookRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const errors = { 400: Type.Ref(ErrorSchema), 404: Type.Ref(ErrorSchema), 413: Type.Ref(ErrorSchema) };
    app.get(
      '/schedules/:id/webhooks',
      { schema: { tags: ['schedules'], summary: "A schedule's webhooks, URLs masked", params: IdParams, response: { 200: Type.Ref(WebhookList), 404: Type.Ref(ErrorSchema) } } },
      async (request) => {
        await deps.commands.getSchedule(request.params.id);
        return { webhooks: maskWebhooks(await deps.store.getWebhooks(request.params.id)) };
      },
    );

    app.put(
      '/schedules/:id/webhooks',
      {
        schema: { tags: ['schedules'], summary: "Replace a schedule's webhooks (a masked URL sent back keeps the stored one)", params: IdParams, body: Type.Ref(WebhookList), response: { 200: Type.Ref(WebhookList), ...errors } },
        config: { errorCode: 'SCHEDULE_INVALID' },
      },
      async (request) => {
        const id = request.params.id;
        await deps.commands.getSchedule(id);
        const current = await deps.store.getWebhooks(id);
        // A client that read the masked list and sends it back (say, after adding one) must not
        // overwrite the stored secrets with asterisks.
        const incoming = request.body.webhooks.map((w) => {
          const kept = current.find((c) => maskUrl(c.url) === w.url && c.url !== w.url);
          return { url: kept ? kept.url : w.url, on: w.on ?? ['failure'] } as Webhook;
        });
        const webhooks = validateWebhooks(incoming);
        await deps.store.setWebhooks(id, webhooks);
        return { webhooks: maskWebhooks(webhooks) };
      },
    );
  };
}
