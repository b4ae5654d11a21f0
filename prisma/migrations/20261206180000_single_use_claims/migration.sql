-- OAuth start links and callback states are single-use across every web process, not just within
-- one: the first process to claim an id inserts its row; the row lives until the id would have
-- expired anyway, and the retention job deletes it afterwards. Ids are stored as SHA-256 hashes.
CREATE TABLE "single_use_claim" (
    "scope" TEXT NOT NULL,
    "id_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "single_use_claim_pkey" PRIMARY KEY ("scope", "id_hash")
);
CREATE INDEX "single_use_claim_expires_at_idx" ON "single_use_claim"("expires_at");
