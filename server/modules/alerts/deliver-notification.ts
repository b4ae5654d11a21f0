/**
 * The `alerts:notify` task: sends one notification and records the attempt on it, so the incident
 * page shows what was sent, what is being retried and why. A failure the next attempt could fix is
 * thrown, and graphile-worker runs the job again with exponential backoff (JOBS.notify's attempts);
 * one that cannot (a refused login, a 4xx, a deleted channel) ends it at once.
 */
import { NonRetryableError } from "@/server/engine/errors";
import { runtimeConfig } from "@/server/env";
import { logger } from "@/server/logger";
import { defaultOAuthSettings } from "@/server/modules/connections/oauth-settings";
import { findChannel, findSmtpSettings } from "./alerts.repo";
import { sendToChannel, type SendContext } from "./channel-senders";
import { findNotification, recordAttempt } from "./incidents.repo";

export interface NotifyPayload {
  organizationId: string;
  notificationId: string;
}

export interface NotifyOptions {
  /** This run's attempt (1 for the first) and the job's limit. */
  attempt: number;
  maxAttempts: number;
  http?: SendContext["http"];
}

export type NotifyOutcome = "sent" | "retrying" | "failed" | "gone";

export async function deliverNotification(payload: NotifyPayload, options: NotifyOptions): Promise<NotifyOutcome> {
  const { organizationId, notificationId } = payload;
  const notification = await findNotification(organizationId, notificationId);
  if (!notification || notification.status === "sent" || notification.status === "skipped") return "gone";
  const channel = notification.channelId ? await findChannel(organizationId, notification.channelId) : null;
  if (!channel) {
    await recordAttempt(organizationId, notificationId, { sent: false, error: "the channel was deleted", final: true });
    return "failed";
  }
  const smtp = channel.kind === "email" ? await findSmtpSettings(organizationId) : null;
  const log = logger().child({ component: "alerts", notificationId });
  try {
    await sendToChannel(
      { channel, smtp, incident: notification.incident, event: notification.event as "opened" | "resolved" },
      { publicUrl: runtimeConfig().publicUrl, network: await defaultOAuthSettings().network(organizationId), log, notificationId, http: options.http },
    );
    await recordAttempt(organizationId, notificationId, { sent: true });
    return "sent";
  } catch (error) {
    const final = error instanceof NonRetryableError || options.attempt >= options.maxAttempts;
    const message = (error as Error).message;
    await recordAttempt(organizationId, notificationId, { sent: false, error: message, final });
    log.warn({ channel: channel.kind, reason: message, attempt: options.attempt, final }, "alert notification not delivered");
    if (final) return "failed";
    throw error;
  }
}
