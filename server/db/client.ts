/**
 * The Prisma client, created on first use so `next build` needs no database. Only repositories
 * (`*.repo.ts` under server/modules) import this.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { runtimeConfig } from "@/server/env";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client";

let client: PrismaClient | undefined;
let overrideUrl: string | undefined;

export function createDb(databaseUrl: string, options: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 }) });
}

export function db(): PrismaClient {
  client ??= createDb(overrideUrl ?? runtimeConfig().databaseUrl);
  return client;
}

/** Points the shared client at another database (tests, the worker launched by the start command). */
export function useDatabase(databaseUrl: string): void {
  overrideUrl = databaseUrl;
  if (client) void client.$disconnect();
  client = undefined;
}

export async function disconnectDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}
