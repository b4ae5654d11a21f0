/** The events an instance received (every verdict), newest first, for support and the API. */
import { db } from "@/server/db/client";

export function listInstanceEventsPage(organizationId: string, instanceId: string, page: { before?: { at: Date; id: string }; take: number }) {
  const before = page.before;
  return db().event.findMany({
    where: {
      organizationId,
      instanceId,
      ...(before ? { OR: [{ receivedAt: { lt: before.at } }, { receivedAt: before.at, id: { lt: before.id } }] } : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: page.take,
    select: {
      id: true,
      source: true,
      eventType: true,
      method: true,
      verdict: true,
      reason: true,
      dedupeKey: true,
      flowKeys: true,
      body: true,
      receivedAt: true,
      executions: { select: { id: true, status: true, flowKey: true } },
    },
  });
}
