-- Files: blobs that flows pass between states by reference ({ "$blob": id, ... }). A blob belongs
-- to the execution that stored it and is deleted with it (the retention job prunes executions).
CREATE TABLE "blob" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "instance_id" UUID NOT NULL,
    "execution_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "blob_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "blob_execution_id_fkey" FOREIGN KEY ("execution_id") REFERENCES "execution"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "blob_execution_id_idx" ON "blob"("execution_id");
CREATE INDEX "blob_organization_id_created_at_idx" ON "blob"("organization_id", "created_at");
