import { randomUUID } from "node:crypto";

import { dispatchDelivery } from "@/server/sandbox/deliveries/deliver";
import { listRepoHooks } from "@/server/sandbox/github/github.repo";
import { signGithubPayload } from "@/server/verify/github";

type HookTarget = { id: number; url: string; contentType: string; secret: string | null; events: string[]; active: boolean };

/** The body as GitHub sends it: raw JSON, or `payload=<json>` for the (default) form content type. */
function encodeBody(contentType: string, payload: unknown): { body: Buffer; type: string } {
  const json = JSON.stringify(payload);
  if (contentType === "json") return { body: Buffer.from(json), type: "application/json" };
  return { body: Buffer.from(new URLSearchParams({ payload: json }).toString()), type: "application/x-www-form-urlencoded" };
}

/** Sends one event to one hook with GitHub's headers and X-Hub-Signature-256 over the exact bytes. */
export function deliverToHook(hook: HookTarget, repoId: number, event: string, payload: unknown): void {
  const { body, type } = encodeBody(hook.contentType, payload);
  const headers: Record<string, string> = {
    "content-type": type,
    "user-agent": "GitHub-Hookshot/sandbox",
    "x-github-event": event,
    "x-github-delivery": randomUUID(),
    "x-github-hook-id": String(hook.id),
    "x-github-hook-installation-target-type": "repository",
    "x-github-hook-installation-target-id": String(repoId),
  };
  if (hook.secret) headers["x-hub-signature-256"] = signGithubPayload(hook.secret, body);
  dispatchDelivery({ provider: "github", event, target: `github-hook:${hook.id}`, url: hook.url, headers, body });
}

/** Fans an event out to the repository's active hooks subscribed to it (or to "*"). */
export async function emitGithubEvent(repoId: number, event: string, payload: unknown): Promise<void> {
  for (const hook of await listRepoHooks(repoId)) {
    if (!hook.active || !(hook.events.includes(event) || hook.events.includes("*"))) continue;
    deliverToHook(hook, repoId, event, payload);
  }
}
