-- An endpoint is unverified until the first delivery that passes its verification (or a completed
-- handshake); then it is verified from that moment. A rotated token starts unverified again.
ALTER TABLE "endpoint" ADD COLUMN "verified_at" TIMESTAMPTZ(3);
