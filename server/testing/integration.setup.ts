import { afterAll, inject } from "vitest";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { disconnectDb, useDatabase } from "@/server/db/client";
import { useRuntimeConfig } from "@/server/env";
import { testRuntimeConfig, TEST_ENCRYPTION_KEY } from "./factories";

useDatabase(inject("databaseUrl"));
useEncryptionKey(TEST_ENCRYPTION_KEY);
useRuntimeConfig(testRuntimeConfig(inject("databaseUrl")));

afterAll(async () => {
  await disconnectDb();
});
