import { afterAll, inject } from "vitest";
import { disconnectDb, useDatabase } from "@/server/db/client";

useDatabase(inject("databaseUrl"));

afterAll(async () => {
  await disconnectDb();
});
