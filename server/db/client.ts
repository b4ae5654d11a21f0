/**
 * The Prisma client, created on first use so `next build` needs no database. Only repositories
 * (`*.repo.ts` under server/modules) import this.
 *
 * The pools are one per process (server/process-singleton.ts): the web process runs several
 * copies of this module (its webhook path and Next.js's bundles), and each copy's Prisma client
 * wraps the one pool. Their connections are named `switchyard <pid> <pool> <id>` in
 * `pg_stat_activity`, so an operator sees which process and which pool holds them.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { runtimeConfig } from "@/server/env";
import { logger } from "@/server/logger";
import { processSingleton } from "@/server/process-singleton";
import { PrismaClient } from "./generated/client";
import { poolApplicationName } from "./pool-name";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client";

interface Pools {
  /** The database `useDatabase` pointed the process at, instead of its runtime configuration's. */
  overrideUrl?: string;
  prisma?: pg.Pool;
  statements?: pg.Pool;
}

const pools = processSingleton<Pools>("db.pools", () => ({}));
/** This copy's client over the process's pool (a Prisma client is an object of this copy's classes). */
let client: { prisma: PrismaClient; pool: pg.Pool } | undefined;

const PRISMA_POOL_SIZE = 10;

function openPool(databaseUrl: string, kind: "prisma" | "statements", max: number, extra: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, application_name: poolApplicationName(kind), ...extra });
  // An idle connection the server dropped (restart, shutdown) is logged, not an unhandled 'error' that ends the process.
  // Prisma's adapter handles its pool's own (quietly, as it always did).
  if (kind === "statements") pool.on("error", (error) => logger().warn({ component: "db", err: error.message }, "database connection lost"));
  else pool.on("error", () => undefined);
  return pool;
}

/** A client with a pool of its own (tests that need a second client). */
export function createDb(databaseUrl: string, options: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: options.max ?? PRISMA_POOL_SIZE }) });
}

export function db(): PrismaClient {
  const pool = (pools.prisma ??= openPool(pools.overrideUrl ?? runtimeConfig().databaseUrl, "prisma", PRISMA_POOL_SIZE));
  if (client?.pool !== pool) client = { prisma: new PrismaClient({ adapter: new PrismaPg(pool) }), pool };
  return client.prisma;
}

/**
 * Connections of the prepared-statement pool: the ingest's accept statements in flight (at most 3,
 * process-delivery.ts) and the runtime's claims, commits and lease renewals (at most 2 each in
 * flight, server/runtime/postgres-store.ts).
 */
const PREPARED_POOL_SIZE = 8;

/**
 * Runs one statement prepared once per connection under `name` (its plan is then reused), for
 * hot paths whose statement is large: Prisma sends every raw query unnamed, so Postgres plans it
 * again each time — for the ingest's accept statement that planning cost more than the writes.
 * A small pool of its own, beside Prisma's.
 */
export async function preparedQuery<Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<Row[]> {
  const result = await statementPool().query<Row>({ name, text, values });
  return result.rows;
}

export type PreparedQuery = <Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) => Promise<Row[]>;

/** Several prepared statements in one transaction on the prepared-statement pool (rolled back if `work` throws). */
export async function preparedTransaction<T>(work: (query: PreparedQuery) => Promise<T>): Promise<T> {
  const client = await statementPool().connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await work(async (name, text, values) => (await client.query({ name, text, values })).rows);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}

function statementPool(): pg.Pool {
  return (pools.statements ??= openPool(pools.overrideUrl ?? runtimeConfig().databaseUrl, "statements", PREPARED_POOL_SIZE, {
    connectionTimeoutMillis: 15_000,
  }));
}

/** Closes this copy's client and the process's pools; the next query opens new ones. */
async function closePools(): Promise<void> {
  const { prisma, statements } = pools;
  const closing = client;
  pools.prisma = undefined;
  pools.statements = undefined;
  client = undefined;
  await closing?.prisma.$disconnect();
  await Promise.all([prisma?.end(), statements?.end()]);
}

/** Points the process's pools at another database (tests, the worker launched by the start command). */
export function useDatabase(databaseUrl: string): void {
  pools.overrideUrl = databaseUrl;
  void closePools().catch(() => undefined);
}

export async function disconnectDb(): Promise<void> {
  await closePools();
}
