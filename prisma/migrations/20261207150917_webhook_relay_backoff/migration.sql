-- A webhook whose relay fails is kept with its error and tried again after a
-- backoff (relay_after), so one that keeps failing holds back neither its
-- client's later webhooks nor the relay's passes.
ALTER TABLE "inbound_webhooks" ADD COLUMN     "relay_after" TIMESTAMPTZ(3),
ADD COLUMN     "relay_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "relay_error" TEXT;

-- The connections page counts each connection's failing webhooks: few rows, found without reading its history.
CREATE INDEX "inbound_webhooks_relay_failing_idx" ON "inbound_webhooks" (connection_id, received_at) WHERE published_at IS NULL AND relay_attempts > 0;
