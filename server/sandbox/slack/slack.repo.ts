import { db } from "@/server/db/client";

export function upsertChannel(data: { id: string; workspace: string; name: string; topic?: string; purpose?: string; isPrivate?: boolean }) {
  return db().sandboxSlackChannel.upsert({ where: { id: data.id }, create: { ...data }, update: {} });
}

/** By id ("C…") or by name, with or without "#", as chat.postMessage accepts. */
export function findChannel(workspace: string, idOrName: string) {
  const name = idOrName.replace(/^#/, "");
  return db().sandboxSlackChannel.findFirst({ where: { workspace, OR: [{ id: idOrName }, { name }] } });
}

export function listChannels(workspace: string, options: { afterId?: string; take: number; includePrivate: boolean }) {
  return db().sandboxSlackChannel.findMany({
    where: { workspace, ...(options.includePrivate ? {} : { isPrivate: false }), ...(options.afterId ? { id: { gt: options.afterId } } : {}) },
    orderBy: { id: "asc" },
    take: options.take,
  });
}

export function insertMessage(data: { channelId: string; ts: string; text: string; userId: string; botId: string | null; createdAt: Date }) {
  return db().sandboxSlackMessage.create({ data });
}

/** Newest first, as conversations.history answers; `before` is the ts to continue below. */
export function listMessages(channelId: string, options: { before?: string; oldest?: string; take: number }) {
  return db().sandboxSlackMessage.findMany({
    where: {
      channelId,
      ...(options.before || options.oldest
        ? { ts: { ...(options.before ? { lt: options.before } : {}), ...(options.oldest ? { gt: options.oldest } : {}) } }
        : {}),
    },
    orderBy: { ts: "desc" },
    take: options.take,
  });
}
