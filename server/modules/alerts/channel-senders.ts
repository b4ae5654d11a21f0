/**
 * Sends one notification to one channel: an e-mail through the organization's SMTP settings, a
 * signed webhook (Standard Webhooks) to the vendor, or a message through the Slack connector.
 * Every destination goes through the same network policy as flows (SSRF guard, the organization's
 * allow-list). Failures are the flow runtime's errors: a NonRetryableError will not succeed on a
 * retry (a refused login, a 4xx), anything else is retried by the job queue.
 */
import { slackConnector } from "@/server/connectors/builtin/slack/index";
import { sendSmtpMessage } from "@/server/connectors/builtin/email/smtp-transport";
import { createActionContext } from "@/server/connectors/framework/context";
import { runConnectorAction } from "@/server/connectors/framework/run-member";
import { createHttpClient, type HttpClientOptions } from "@/server/connectors/http/http-client";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import { openJson } from "@/server/crypto/keyring";
import { NonRetryableError } from "@/server/engine/errors";
import type { Logger } from "@/server/logger";
import type { SmtpSecurity } from "@/server/connectors/builtin/email/smtp-credentials";
import { emailMessage, slackText, webhookPayload, type IncidentForMessage, type NotificationEvent } from "./notification-message";
import { standardWebhookHeaders } from "./standard-webhook";

const SEND_TIMEOUT_MS = 15_000;

export interface ChannelRow {
  kind: string;
  name: string;
  settings: unknown;
  secretEncrypted: string | null;
}

export interface SmtpRow {
  host: string;
  port: number;
  security: string;
  username: string | null;
  passwordEncrypted: string | null;
  fromAddress: string;
}

export interface SendContext {
  publicUrl: string;
  network: NetworkPolicy;
  log: Logger;
  /** The notification's id: the webhook's `webhook-id`, the same on every retry. */
  notificationId: string;
  /** Test seams for the HTTP client. */
  http?: Pick<HttpClientOptions, "fetch" | "lookup">;
}

export interface SendRequest {
  channel: ChannelRow;
  smtp: SmtpRow | null;
  incident: IncidentForMessage;
  event: NotificationEvent;
}

function secretOf(channel: ChannelRow): string {
  if (!channel.secretEncrypted) throw new NonRetryableError(`the channel "${channel.name}" has lost its secret; delete it and add it again`);
  return openJson<{ secret: string }>(channel.secretEncrypted).secret;
}

async function sendEmail({ channel, smtp, incident, event }: SendRequest, context: SendContext): Promise<void> {
  if (!smtp) throw new NonRetryableError("no SMTP server is set up for e-mail alerts: add one under Alerts → E-mail (SMTP)");
  const recipients = (channel.settings as { recipients?: string[] }).recipients ?? [];
  const message = emailMessage(incident, event, context.publicUrl);
  const password = smtp.passwordEncrypted ? openJson<{ password: string }>(smtp.passwordEncrypted).password : undefined;
  await sendSmtpMessage(
    {
      host: smtp.host,
      port: smtp.port,
      security: smtp.security as SmtpSecurity,
      ...(smtp.username ? { username: smtp.username, password: password ?? "" } : {}),
    },
    { from: smtp.fromAddress, to: recipients, subject: message.subject, text: message.text, messageId: `<${context.notificationId}@switchyard>` },
    { network: context.network, signal: AbortSignal.timeout(SEND_TIMEOUT_MS * 4) },
  );
}

async function sendWebhook({ channel, incident, event }: SendRequest, context: SendContext): Promise<void> {
  const { url } = channel.settings as { url: string };
  const body = JSON.stringify(webhookPayload(incident, event, context.publicUrl));
  const client = createHttpClient({
    ...context.http,
    network: context.network,
    providerName: new URL(url).host,
    timeoutMs: SEND_TIMEOUT_MS,
    // The job queue retries with its own backoff; one attempt per job run.
    retry: { maxRetries: 0 },
  });
  await client.request({ method: "POST", url, headers: standardWebhookHeaders(secretOf(channel), context.notificationId, body), body, responseType: "text" });
}

async function sendSlack({ channel, incident, event }: SendRequest, context: SendContext): Promise<void> {
  const settings = channel.settings as { channel: string; apiBaseUrl?: string | null };
  const token = secretOf(channel);
  const ctx = createActionContext(
    slackConnector,
    {
      key: "alerts",
      connector: "slack",
      auth: { kind: "credentials", method: "botToken", values: { token } },
      ...(settings.apiBaseUrl ? { baseUrl: settings.apiBaseUrl } : {}),
    },
    {
      network: context.network,
      onRecord: () => undefined,
      state: { get: async () => undefined, set: async () => undefined, delete: async () => undefined },
      log: context.log,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS * 2),
      http: { ...context.http, timeoutMs: SEND_TIMEOUT_MS, retry: { maxRetries: 0 } },
    },
    context.notificationId,
  );
  await runConnectorAction(slackConnector, "postMessage", ctx, { channel: settings.channel, text: slackText(incident, event, context.publicUrl) });
}

export async function sendToChannel(request: SendRequest, context: SendContext): Promise<void> {
  switch (request.channel.kind) {
    case "email":
      return sendEmail(request, context);
    case "webhook":
      return sendWebhook(request, context);
    case "slack":
      return sendSlack(request, context);
    default:
      throw new NonRetryableError(`unknown channel kind "${request.channel.kind}"`);
  }
}
