-- When the instance's current integration version went live: its first deploy, then each upgrade.
-- `deployed_at` keeps the first activation (schedules and pollers start from it); pages say
-- "version N · active since" from this one. Existing instances never upgraded since their deploy
-- cannot be told apart from upgraded ones, so they start from their deploy time.
ALTER TABLE "instance" ADD COLUMN "version_activated_at" TIMESTAMPTZ(3);
UPDATE "instance" SET "version_activated_at" = "deployed_at" WHERE "deployed_at" IS NOT NULL;
