-- A webhook body larger than WEBHOOK_INLINE_BODY_BYTES is kept as a blob owned by its event (and
-- deleted with it) instead of in the event row; the flows it starts get a reference to the blob.
-- A blob now belongs to an execution (files a flow stored) or to an event (a delivery's body).
ALTER TABLE "blob" ALTER COLUMN "execution_id" DROP NOT NULL;
ALTER TABLE "blob" ADD COLUMN "event_id" UUID;
ALTER TABLE "blob" ADD CONSTRAINT "blob_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "blob" ADD CONSTRAINT "blob_owner_check" CHECK ("execution_id" IS NOT NULL OR "event_id" IS NOT NULL);
CREATE INDEX "blob_event_id_idx" ON "blob"("event_id");
