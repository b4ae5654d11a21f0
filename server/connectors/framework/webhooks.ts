import type { ConnectorContext, WebhookLifecycle } from "@/server/connectors/framework/define-connector";

function normalize(url: string): string {
  return URL.canParse(url) ? new URL(url).href.replace(/\/+$/, "") : url;
}

/**
 * Removes this instance's webhooks from the provider and nothing else: the same account may carry
 * webhooks of other instances, other products or the customer's own, which must survive an
 * uninstall. Answers the ids it deleted.
 */
export async function deleteOwnWebhooks(ctx: ConnectorContext, lifecycle: WebhookLifecycle, endpointUrls: string[]): Promise<string[]> {
  const own = new Set(endpointUrls.map(normalize));
  const deleted: string[] = [];
  for (const webhook of await lifecycle.list(ctx)) {
    if (!own.has(normalize(webhook.url))) continue;
    await lifecycle.delete(ctx, webhook.id);
    deleted.push(webhook.id);
  }
  return deleted;
}
