/** Managing alert rules, channels and the SMTP settings from the console. */
import { sealJson } from "@/server/crypto/keyring";
import { AppError } from "@/server/errors";
import * as repo from "./alerts.repo";
import {
  alertChannelInputSchema,
  alertRuleInputSchema,
  smtpSettingsInputSchema,
  type AlertChannelInput,
  type AlertChannelView,
  type AlertCondition,
  type AlertRuleInput,
  type AlertRuleView,
  type ChannelKind,
  type SmtpSettingsInput,
} from "./alerts.schema";
import { randomUUID } from "node:crypto";
import { runtimeConfig } from "@/server/env";
import { defaultOAuthSettings } from "@/server/modules/connections/oauth-settings";
import { logger } from "@/server/logger";
import { sendToChannel } from "./channel-senders";
import { testIncident } from "./notification-message";
import { generateWebhookSecret } from "./standard-webhook";

async function checkReferences(organizationId: string, rule: { integrationId: string | null; channelIds: string[] }): Promise<void> {
  if (rule.integrationId && !(await repo.integrationNames(organizationId, [rule.integrationId])).has(rule.integrationId)) {
    throw new AppError("BAD_REQUEST", "No such integration in this organization.", { field: "integrationId" });
  }
  const channels = await repo.findChannels(organizationId, rule.channelIds);
  if (channels.length !== new Set(rule.channelIds).size)
    throw new AppError("BAD_REQUEST", "One of the channels does not exist (was it deleted?).", { field: "channelIds" });
}

export async function listAlertRules(organizationId: string): Promise<AlertRuleView[]> {
  const rules = await repo.listRules(organizationId);
  const names = await repo.integrationNames(
    organizationId,
    rules.flatMap((rule) => (rule.integrationId ? [rule.integrationId] : [])),
  );
  return rules.map((rule) => ({
    id: rule.id,
    name: rule.name,
    condition: rule.condition as AlertCondition,
    integrationId: rule.integrationId,
    integrationName: rule.integrationId ? (names.get(rule.integrationId) ?? null) : null,
    threshold: rule.threshold,
    windowMinutes: rule.windowMinutes,
    channelIds: rule.channelIds,
    enabled: rule.enabled,
    openIncidents: rule._count.incidents,
    createdAt: rule.createdAt,
  }));
}

export async function createAlertRule(organizationId: string, input: AlertRuleInput): Promise<{ id: string }> {
  const rule = alertRuleInputSchema.parse(input);
  await checkReferences(organizationId, rule);
  const created = await repo.insertRule(organizationId, { ...rule, channelIds: [...new Set(rule.channelIds)] });
  return { id: created.id };
}

export async function updateAlertRule(organizationId: string, id: string, input: AlertRuleInput): Promise<{ id: string }> {
  const rule = alertRuleInputSchema.parse(input);
  await checkReferences(organizationId, rule);
  if (!(await repo.updateRule(organizationId, id, { ...rule, channelIds: [...new Set(rule.channelIds)] })))
    throw new AppError("NOT_FOUND", "No such alert rule.");
  return { id };
}

export async function setAlertRuleEnabled(organizationId: string, id: string, enabled: boolean): Promise<void> {
  if (!(await repo.updateRule(organizationId, id, { enabled }))) throw new AppError("NOT_FOUND", "No such alert rule.");
}

export async function deleteAlertRule(organizationId: string, id: string): Promise<void> {
  if (!(await repo.deleteRule(organizationId, id))) throw new AppError("NOT_FOUND", "No such alert rule.");
}

function channelView(row: { id: string; name: string; kind: string; settings: unknown; createdAt: Date }): AlertChannelView {
  const settings = row.settings as { recipients?: string[]; url?: string; channel?: string };
  const target = row.kind === "email" ? (settings.recipients ?? []).join(", ") : row.kind === "webhook" ? (settings.url ?? "") : (settings.channel ?? "");
  return { id: row.id, name: row.name, kind: row.kind as ChannelKind, target, createdAt: row.createdAt };
}

export async function listAlertChannels(organizationId: string): Promise<AlertChannelView[]> {
  return (await repo.listChannels(organizationId)).map(channelView);
}

/**
 * Adds a channel. A webhook channel gets a new signing secret, returned here once (like an API
 * key) so the vendor can verify deliveries; a Slack bot token is stored encrypted and never shown.
 */
export async function createAlertChannel(
  organizationId: string,
  input: AlertChannelInput,
): Promise<{ channel: AlertChannelView; signingSecret: string | null }> {
  const parsed = alertChannelInputSchema.parse(input);
  let settings: Record<string, unknown>;
  let secret: string | null = null;
  if (parsed.kind === "email") settings = { recipients: [...new Set(parsed.recipients.map((r) => r.toLowerCase()))] };
  else if (parsed.kind === "webhook") {
    settings = { url: parsed.url };
    secret = generateWebhookSecret();
  } else {
    settings = { channel: parsed.channel, apiBaseUrl: parsed.apiBaseUrl ?? null };
    secret = parsed.botToken;
  }
  const row = await repo.insertChannel(organizationId, {
    name: parsed.name,
    kind: parsed.kind,
    settings: settings as object,
    secretEncrypted: secret ? sealJson({ secret }) : null,
  });
  return { channel: channelView(row), signingSecret: parsed.kind === "webhook" ? secret : null };
}

/** A new signing secret for a webhook channel; the old one stops working at once. */
export async function rotateWebhookSecret(organizationId: string, id: string): Promise<{ signingSecret: string }> {
  const channel = await repo.findChannel(organizationId, id);
  if (!channel) throw new AppError("NOT_FOUND", "No such alert channel.");
  if (channel.kind !== "webhook") throw new AppError("BAD_REQUEST", "Only webhook channels have a signing secret.", { field: "id" });
  const secret = generateWebhookSecret();
  await repo.updateChannelSecret(organizationId, id, sealJson({ secret }));
  return { signingSecret: secret };
}

export async function deleteAlertChannel(organizationId: string, id: string): Promise<void> {
  if (!(await repo.deleteChannel(organizationId, id))) throw new AppError("NOT_FOUND", "No such alert channel.");
}

export async function smtpSettingsOf(organizationId: string) {
  const row = await repo.findSmtpSettings(organizationId);
  if (!row) return null;
  return {
    host: row.host,
    port: row.port,
    security: row.security as "starttls" | "tls" | "none",
    username: row.username,
    hasPassword: row.passwordEncrypted !== null,
    fromAddress: row.fromAddress,
    updatedAt: row.updatedAt,
  };
}

/** Saves the SMTP server; an omitted password keeps the stored one, an empty one clears it. */
export async function saveSmtpSettings(organizationId: string, input: SmtpSettingsInput) {
  const parsed = smtpSettingsInputSchema.parse(input);
  const current = await repo.findSmtpSettings(organizationId);
  const username = parsed.username?.trim() || null;
  let passwordEncrypted = current?.passwordEncrypted ?? null;
  if (parsed.password !== undefined) passwordEncrypted = parsed.password === "" ? null : sealJson({ password: parsed.password });
  if (username && !passwordEncrypted)
    throw new AppError("BAD_REQUEST", "Give the password for that username (or leave the username empty).", { field: "password" });
  if (!username) passwordEncrypted = null;
  await repo.saveSmtpSettings(organizationId, {
    host: parsed.host,
    port: parsed.port,
    security: parsed.security,
    username,
    passwordEncrypted,
    fromAddress: parsed.fromAddress,
  });
  return (await smtpSettingsOf(organizationId))!;
}

export async function removeSmtpSettings(organizationId: string): Promise<void> {
  await repo.deleteSmtpSettings(organizationId);
}

/**
 * Sends a test message to the channel now and says how it went, so a vendor finds a wrong SMTP
 * password, an unreachable URL or a Slack channel the bot is not in before an incident does.
 */
export async function sendTestNotification(organizationId: string, id: string): Promise<{ delivered: boolean; message: string }> {
  const channel = await repo.findChannel(organizationId, id);
  if (!channel) throw new AppError("NOT_FOUND", "No such alert channel.");
  const smtp = channel.kind === "email" ? await repo.findSmtpSettings(organizationId) : null;
  try {
    await sendToChannel(
      { channel, smtp, incident: testIncident(channel.name), event: "test" },
      {
        publicUrl: runtimeConfig().publicUrl,
        network: await defaultOAuthSettings().network(organizationId),
        log: logger().child({ component: "alerts" }),
        notificationId: `test_${randomUUID()}`,
      },
    );
    return { delivered: true, message: `Sent to ${channel.name}.` };
  } catch (error) {
    return { delivered: false, message: (error as Error).message };
  }
}
