/**
 * A unit of work across repositories: a service that must change several things at once opens a
 * transaction here and hands `tx` to each repository function it calls; the queries stay in the
 * repositories.
 */
import { db, type Prisma } from "./client";

export type Transaction = Prisma.TransactionClient;

export function inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db().$transaction(work);
}
