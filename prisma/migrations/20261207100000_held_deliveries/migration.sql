-- Deliveries that arrive while an instance deploys are held (verdict `buffered`) and run once the
-- deploy succeeds; when it fails, or the instance is removed first, they are `dropped`: recorded
-- with the reason, never run, and no longer holding their dedupe key.
ALTER TYPE "EventVerdict" ADD VALUE 'dropped';
