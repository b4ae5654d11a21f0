/**
 * Who is calling. One request may carry a console session (next-auth cookie), an embed session
 * (sealed bearer token) or an API key (bearer `sy_live_…`); the procedure type decides which of
 * them it accepts.
 */
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth/next-auth";
import { runtimeConfig } from "@/server/env";
import type { MemberRole } from "@/server/db/generated/enums";
import { isApiKeyToken, resolveApiKey } from "@/server/modules/api-keys/api-keys.service";
import { findMembership } from "@/server/modules/auth/users.repo";
import { EMBED_TOKEN_PREFIX, liveEmbedSession, type EmbedSession } from "@/server/modules/embed/embed-session";

export interface ConsoleActor {
  userId: string;
  email: string;
  organizationId: string;
  role: MemberRole;
}

export interface ApiKeyActor {
  apiKeyId: string;
  organizationId: string;
}

export interface Context {
  headers: Headers;
  /** Resolved lazily: most procedures need only one kind of caller. */
  console: () => Promise<ConsoleActor | null>;
  embed: () => Promise<EmbedSession | null>;
  apiKey: () => Promise<ApiKeyActor | null>;
  /** The secret that seals embed sessions, for the procedure that issues them. */
  embedSessionSecret: () => string;
}

function bearer(headers: Headers): string | null {
  const value = headers.get("authorization");
  const match = value?.match(/^Bearer\s+(.+)$/i);
  return match ? match[1].trim() : null;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load());
}

export async function consoleActorFromUserId(userId: string): Promise<ConsoleActor | null> {
  const membership = await findMembership(userId);
  if (!membership) return null;
  return { userId, email: membership.user.email, organizationId: membership.organizationId, role: membership.role };
}

export interface ContextOptions {
  headers: Headers;
  /** Who is signed in to the console; defaults to reading the next-auth session of this request. */
  consoleUserId?: () => Promise<string | null>;
  /** Secret that seals embed sessions; defaults to the runtime configuration's. */
  sessionSecret?: string;
}

async function nextAuthUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions());
  return (session?.user as { id?: string } | undefined)?.id ?? null;
}

export function createContext(options: ContextOptions): Context {
  const { headers } = options;
  const token = bearer(headers);
  const embedSessionSecret = () => options.sessionSecret ?? runtimeConfig().sessionSecret;
  return {
    headers,
    embedSessionSecret,
    console: once(async () => {
      const userId = await (options.consoleUserId ?? nextAuthUserId)();
      return userId ? consoleActorFromUserId(userId) : null;
    }),
    embed: once(async () => (token?.startsWith(EMBED_TOKEN_PREFIX) ? liveEmbedSession(token, embedSessionSecret()) : null)),
    apiKey: once(async () => {
      if (!token || !isApiKeyToken(token)) return null;
      const key = await resolveApiKey(token);
      return key ? { apiKeyId: key.id, organizationId: key.organizationId } : null;
    }),
  };
}
