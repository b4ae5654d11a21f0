import type { Prisma } from "@/server/db/client";
import { ensureSandboxAccount, findSandboxAccount } from "@/server/sandbox/accounts.repo";
import { sandboxNow } from "@/server/sandbox/clock";
import { insertTicket, listTicketComments, updateTicketRow, type TicketRow } from "@/server/sandbox/zendesk/zendesk.repo";
import { toZendeskComment, toZendeskTicket } from "@/server/sandbox/zendesk/zendesk-shapes";
import { runTriggers, type TicketChange } from "@/server/sandbox/zendesk/zendesk-triggers";

/**
 * Ticket changes in the simulated Zendesk, from the API or the sandbox UI alike; each change runs
 * the workspace's triggers, which is how Zendesk webhooks fire.
 */
type Account = NonNullable<Awaited<ReturnType<typeof findSandboxAccount>>>;

export const TICKET_STATUSES = ["new", "open", "pending", "hold", "solved", "closed"] as const;

export interface NewTicket {
  subject: string;
  comment: { body: string; public: boolean };
  status?: string;
  priority?: string | null;
  externalId?: string | null;
  tags?: string[];
  requester?: { name: string; email: string };
  requesterId?: number;
}

async function latestPublicComment(ticketId: number): Promise<string | undefined> {
  return (await listTicketComments(ticketId)).filter((c) => c.public).at(-1)?.body;
}

async function requesterOf(ticket: TicketRow, fallback: Account) {
  return (await findSandboxAccount(ticket.requesterId)) ?? fallback;
}

async function announce(
  workspace: string,
  ticket: TicketRow,
  actor: Account,
  created: boolean,
  previous: { status: string } | undefined,
  comment: { body: string; public: boolean } | undefined,
) {
  const requester = await requesterOf(ticket, actor);
  const change: TicketChange = { created, ticket, previous, comment, actor, requester, latestPublicComment: await latestPublicComment(ticket.id) };
  await runTriggers(workspace, change);
}

/** A ticket's description is its first comment, as in Zendesk. */
export async function createTicket(workspace: string, actor: Account, input: NewTicket) {
  const requester = input.requester
    ? await ensureSandboxAccount("zendesk", {
        login: input.requester.email,
        name: input.requester.name,
        email: input.requester.email,
        workspace,
        role: "end-user",
      })
    : input.requesterId
      ? await findSandboxAccount(input.requesterId)
      : actor;
  const { ticket, comment } = await insertTicket(
    {
      workspace,
      subject: input.subject,
      description: input.comment.body,
      status: input.status ?? (actor.role === "agent" ? "open" : "new"),
      priority: input.priority ?? null,
      externalId: input.externalId ?? null,
      requesterId: (requester ?? actor).id,
      assigneeId: actor.role === "agent" ? actor.id : null,
      tags: input.tags ?? [],
      at: sandboxNow(),
    },
    { authorId: actor.id, public: input.comment.public },
  );
  await announce(workspace, ticket, actor, true, undefined, { body: comment.body, public: comment.public });
  return toZendeskTicket(ticket);
}

export interface TicketPatch {
  subject?: string;
  status?: string;
  priority?: string | null;
  externalId?: string | null;
  tags?: string[];
  comment?: { body: string; public: boolean };
}

export async function updateTicket(workspace: string, ticket: TicketRow, actor: Account, patch: TicketPatch) {
  const data: Prisma.SandboxTicketUpdateInput = {
    ...(patch.subject !== undefined ? { subject: patch.subject } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
    ...(patch.externalId !== undefined ? { externalId: patch.externalId } : {}),
    ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
  };
  const comment = patch.comment ? { authorId: actor.id, body: patch.comment.body, public: patch.comment.public } : undefined;
  const { ticket: updated, comment: created } = await updateTicketRow(ticket.id, data, comment, sandboxNow());
  await announce(workspace, updated, actor, false, { status: ticket.status }, created ? { body: created.body, public: created.public } : undefined);
  return {
    ticket: toZendeskTicket(updated),
    audit: {
      id: updated.updatedAt.getTime(),
      ticket_id: updated.id,
      author_id: actor.id,
      created_at: updated.updatedAt.toISOString(),
      events: created ? [{ ...toZendeskComment(created), type: "Comment" }] : [],
    },
  };
}
