-- Who holds a running execution's lease: the worker pool whose job runs it (graphile-worker's
-- locked_by), or the web process running a synchronous flow. When the lease lapses, the pool is
-- taken for dead and the jobs it still holds are unlocked at once instead of after hours.
ALTER TABLE "execution" ADD COLUMN "leased_by" TEXT;

-- A fresh token with every claim of a running execution: renewals, releases and commits carry it,
-- so a runner that lost its lease (it stalled past it and another runner took over) can no longer
-- extend, give up or move the execution it ran.
ALTER TABLE "execution" ADD COLUMN "lease_token" UUID;
