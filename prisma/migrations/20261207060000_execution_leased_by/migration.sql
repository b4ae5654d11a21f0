-- Who holds a running execution's lease: the worker pool whose job runs it (graphile-worker's
-- locked_by), or the web process running a synchronous flow. When the lease lapses, the pool is
-- taken for dead and the jobs it still holds are unlocked at once instead of after hours.
ALTER TABLE "execution" ADD COLUMN "leased_by" TEXT;
