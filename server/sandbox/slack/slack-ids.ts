import { createHash } from "node:crypto";

/**
 * Slack ids are strings with a type letter (U user, B bot, C channel, T team). The sandbox derives
 * them from its own row ids so the same account always has the same Slack id.
 */
export function slackUserId(accountId: number): string {
  return `U${String(accountId).padStart(9, "0")}`;
}

/** One bot per installed app (OAuth client), as Slack creates one bot user per app. */
export function slackBotId(clientId: string): string {
  return `B${createHash("sha256").update(clientId).digest("hex").slice(0, 9).toUpperCase()}`;
}

/** The seeded workspace. Teams have no table of their own: an account's `workspace` is its team id. */
export const SANDBOX_SLACK_TEAM = { id: "T0SANDBOX1", name: "Acme" } as const;

export function slackTeamName(teamId: string): string {
  return teamId === SANDBOX_SLACK_TEAM.id ? SANDBOX_SLACK_TEAM.name : teamId;
}
