-- Console and headless API: idempotency keys for REST creates. A key is claimed before the
-- operation runs (response still NULL) and answered from here afterwards; a key is scoped to its
-- organization and operation, and expires after a day (the claim replaces an expired row).
CREATE TABLE "idempotency_key" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER,
    "response_body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "idempotency_key_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "idempotency_key_organization_id_scope_key_key" ON "idempotency_key"("organization_id", "scope", "key");
CREATE INDEX "idempotency_key_created_at_idx" ON "idempotency_key"("created_at");
