import { db } from "@/server/db/client";

export function upsertRepo(data: { owner: string; name: string; accountId: number; description?: string | null; private?: boolean }) {
  return db().sandboxRepo.upsert({
    where: { owner_name: { owner: data.owner, name: data.name } },
    create: { owner: data.owner, name: data.name, accountId: data.accountId, description: data.description ?? null, private: data.private ?? false },
    update: {},
  });
}

export function findRepo(owner: string, name: string) {
  return db().sandboxRepo.findUnique({ where: { owner_name: { owner, name } } });
}

export function listAllRepos() {
  return db().sandboxRepo.findMany({ orderBy: [{ owner: "asc" }, { name: "asc" }] });
}

export async function listReposOfAccount(accountId: number, page: { skip: number; take: number }) {
  const where = { accountId };
  const [rows, total] = await Promise.all([
    db().sandboxRepo.findMany({ where, orderBy: [{ owner: "asc" }, { name: "asc" }], skip: page.skip, take: page.take }),
    db().sandboxRepo.count({ where }),
  ]);
  return { rows, total };
}

/** Opens an issue with the next number of its repository; the counter bump and insert share a transaction. */
export function insertIssue(repoId: number, data: { title: string; body: string | null; authorId: number }) {
  return db().$transaction(async (tx) => {
    const repo = await tx.sandboxRepo.update({ where: { id: repoId }, data: { issueCounter: { increment: 1 } } });
    return tx.sandboxIssue.create({ data: { repoId, number: repo.issueCounter, ...data } });
  });
}

export function findIssue(repoId: number, number: number) {
  return db().sandboxIssue.findUnique({ where: { repoId_number: { repoId, number } }, include: { _count: { select: { comments: true } } } });
}

export interface IssueListing {
  state: "open" | "closed" | "all";
  /** Only issues updated at or after this time. */
  since?: Date;
  sort: "created" | "updated";
  direction: "asc" | "desc";
}

export async function listIssues(repoId: number, listing: IssueListing, page: { skip: number; take: number }) {
  const where = { repoId, ...(listing.state === "all" ? {} : { state: listing.state }), ...(listing.since ? { updatedAt: { gte: listing.since } } : {}) };
  const key = listing.sort === "updated" ? "updatedAt" : "createdAt";
  // The id breaks ties so pages stay stable when several issues share a timestamp.
  const orderBy = [{ [key]: listing.direction }, { id: listing.direction }];
  const [rows, total] = await Promise.all([
    db().sandboxIssue.findMany({ where, orderBy, skip: page.skip, take: page.take, include: { _count: { select: { comments: true } } } }),
    db().sandboxIssue.count({ where }),
  ]);
  return { rows, total };
}

export function updateIssue(
  id: number,
  data: { title?: string; body?: string | null; state?: string; stateReason?: string | null; closedAt?: Date | null; updatedAt: Date },
) {
  return db().sandboxIssue.update({ where: { id }, data, include: { _count: { select: { comments: true } } } });
}

export function insertIssueComment(issueId: number, data: { body: string; authorId: number; at: Date }) {
  return db().$transaction(async (tx) => {
    const comment = await tx.sandboxIssueComment.create({ data: { issueId, body: data.body, authorId: data.authorId, createdAt: data.at } });
    await tx.sandboxIssue.update({ where: { id: issueId }, data: { updatedAt: data.at } });
    return comment;
  });
}

export async function listIssueComments(issueId: number, page: { skip: number; take: number }) {
  const where = { issueId };
  const [rows, total] = await Promise.all([
    db().sandboxIssueComment.findMany({ where, orderBy: { id: "asc" }, skip: page.skip, take: page.take }),
    db().sandboxIssueComment.count({ where }),
  ]);
  return { rows, total };
}

export function insertRepoHook(repoId: number, data: { url: string; contentType: string; secret: string | null; events: string[]; active: boolean }) {
  return db().sandboxRepoHook.create({ data: { repoId, ...data } });
}

export function listRepoHooks(repoId: number) {
  return db().sandboxRepoHook.findMany({ where: { repoId }, orderBy: { id: "asc" } });
}

export function findRepoHook(repoId: number, id: number) {
  return db().sandboxRepoHook.findFirst({ where: { repoId, id } });
}

export async function deleteRepoHook(repoId: number, id: number): Promise<boolean> {
  return (await db().sandboxRepoHook.deleteMany({ where: { repoId, id } })).count === 1;
}
