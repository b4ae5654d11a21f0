import type { TestProject } from "vitest/node";
import { startTestPostgres } from "./test-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
  }
}

/** Integration tests share one embedded Postgres per run, each run in its own fresh database. */
export default async function setup(project: TestProject) {
  const cluster = await startTestPostgres();
  project.provide("databaseUrl", await cluster.freshDatabase("int"));
  project.provide("adminDatabaseUrl", cluster.postgres.url("postgres"));
  return () => cluster.stop();
}
