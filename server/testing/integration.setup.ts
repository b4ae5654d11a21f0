import { afterAll, inject } from "vitest";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { disconnectDb, useDatabase } from "@/server/db/client";
import { TEST_ENCRYPTION_KEY } from "./factories";

useDatabase(inject("databaseUrl"));
useEncryptionKey(TEST_ENCRYPTION_KEY);

afterAll(async () => {
  await disconnectDb();
});
