/**
 * The Prisma client, created on first use so `next build` needs no database. Only repositories
 * (`*.repo.ts` under server/modules) import this.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { runtimeConfig } from "@/server/env";
import { logger } from "@/server/logger";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client";

let client: PrismaClient | undefined;
let statements: pg.Pool | undefined;
let overrideUrl: string | undefined;

export function createDb(databaseUrl: string, options: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 }) });
}

export function db(): PrismaClient {
  client ??= createDb(overrideUrl ?? runtimeConfig().databaseUrl);
  return client;
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
  statements ??= preparedPool(overrideUrl ?? runtimeConfig().databaseUrl);
  return statements;
}

function preparedPool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: PREPARED_POOL_SIZE, connectionTimeoutMillis: 15_000 });
  // An idle connection the server dropped (restart, shutdown) is logged, not an unhandled 'error' that ends the process.
  pool.on("error", (error) => logger().warn({ component: "db", err: error.message }, "database connection lost"));
  return pool;
}

/** Points the shared client at another database (tests, the worker launched by the start command). */
export function useDatabase(databaseUrl: string): void {
  overrideUrl = databaseUrl;
  if (client) void client.$disconnect();
  if (statements) void statements.end();
  client = undefined;
  statements = undefined;
}

export async function disconnectDb(): Promise<void> {
  const ending = statements;
  statements = undefined;
  await Promise.all([client?.$disconnect(), ending?.end()]);
  client = undefined;
}
