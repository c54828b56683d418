-- A health sweep claims the connections it checks with a lease of their own
-- rather than by stamping their check time, so health_checked_at means the
-- verdict's time: a page that waits for a new connection's verdict stops
-- waiting only once there is one.
ALTER TABLE "connections" ADD COLUMN "health_claimed_until" TIMESTAMPTZ(3);
