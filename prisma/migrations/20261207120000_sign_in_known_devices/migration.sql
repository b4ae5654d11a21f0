-- Sign-in attempts: a client whose address is unknown is no longer recorded under a shared
-- "unknown" address (its failures limited everyone's), and an attempt from a browser that signed
-- in to the account before is marked, so a stranger's failures cannot lock the member out of it.
ALTER TABLE "login_attempt" ALTER COLUMN "ip" DROP NOT NULL;
ALTER TABLE "login_attempt" ADD COLUMN "known_device" BOOLEAN NOT NULL DEFAULT false;
UPDATE "login_attempt" SET "ip" = NULL WHERE "ip" = 'unknown';
