import { db, type Prisma } from "@/server/db/client";

export type TicketRow = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

export function findTicket(workspace: string, id: number) {
  return db().sandboxTicket.findFirst({ where: { workspace, id } });
}

export function insertTicket(
  data: {
    workspace: string;
    subject: string;
    description: string;
    status: string;
    priority: string | null;
    externalId: string | null;
    requesterId: number;
    assigneeId: number | null;
    tags: string[];
    at: Date;
  },
  firstComment: { authorId: number; public: boolean },
) {
  const { at, ...fields } = data;
  return db().$transaction(async (tx) => {
    const ticket = await tx.sandboxTicket.create({ data: { ...fields, createdAt: at, updatedAt: at } });
    const comment = await tx.sandboxTicketComment.create({
      data: { ticketId: ticket.id, authorId: firstComment.authorId, body: data.description, public: firstComment.public, createdAt: at },
    });
    return { ticket, comment };
  });
}

export function updateTicketRow(
  id: number,
  data: Prisma.SandboxTicketUpdateInput,
  comment: { authorId: number; body: string; public: boolean } | undefined,
  at: Date,
) {
  return db().$transaction(async (tx) => {
    const ticket = await tx.sandboxTicket.update({ where: { id }, data: { ...data, updatedAt: at } });
    const created = comment ? await tx.sandboxTicketComment.create({ data: { ticketId: id, ...comment, createdAt: at } }) : undefined;
    return { ticket, comment: created };
  });
}

export async function listTickets(workspace: string, filter: { externalId?: string; status?: string; text?: string }, page: { skip: number; take: number }) {
  const where: Prisma.SandboxTicketWhereInput = {
    workspace,
    ...(filter.externalId !== undefined ? { externalId: filter.externalId } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.text
      ? { OR: [{ subject: { contains: filter.text, mode: "insensitive" } }, { description: { contains: filter.text, mode: "insensitive" } }] }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db().sandboxTicket.findMany({ where, orderBy: { id: "asc" }, skip: page.skip, take: page.take }),
    db().sandboxTicket.count({ where }),
  ]);
  return { rows, total };
}

/** Tickets changed after a position in (updated_at, id) order: the incremental export's cursor. */
export function ticketsChangedAfter(workspace: string, after: { at: Date; id: number }, take: number) {
  return db().sandboxTicket.findMany({
    where: { workspace, OR: [{ updatedAt: { gt: after.at } }, { updatedAt: after.at, id: { gt: after.id } }] },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take,
  });
}

export function listTicketComments(ticketId: number) {
  return db().sandboxTicketComment.findMany({ where: { ticketId }, orderBy: { id: "asc" } });
}

export function listAllTickets(workspace: string) {
  return db().sandboxTicket.findMany({ where: { workspace }, orderBy: { id: "desc" }, take: 200 });
}

export function insertWebhook(data: {
  id: string;
  workspace: string;
  name: string;
  endpoint: string;
  httpMethod: string;
  requestFormat: string;
  status: string;
  subscriptions: string[];
  signingSecret: string;
}) {
  return db().sandboxZendeskWebhook.create({ data });
}

export function findWebhook(workspace: string, id: string) {
  return db().sandboxZendeskWebhook.findFirst({ where: { workspace, id } });
}

export function listWebhooks(workspace: string) {
  return db().sandboxZendeskWebhook.findMany({ where: { workspace }, orderBy: { createdAt: "asc" } });
}

export async function deleteWebhookRow(workspace: string, id: string): Promise<boolean> {
  return (await db().sandboxZendeskWebhook.deleteMany({ where: { workspace, id } })).count === 1;
}

export function insertTrigger(data: { workspace: string; title: string; active: boolean; conditions: Prisma.InputJsonValue; actions: Prisma.InputJsonValue }) {
  return db().sandboxZendeskTrigger.create({ data });
}

export function listTriggers(workspace: string) {
  return db().sandboxZendeskTrigger.findMany({ where: { workspace }, orderBy: { id: "asc" } });
}

export async function deleteTriggerRow(workspace: string, id: number): Promise<boolean> {
  return (await db().sandboxZendeskTrigger.deleteMany({ where: { workspace, id } })).count === 1;
}
