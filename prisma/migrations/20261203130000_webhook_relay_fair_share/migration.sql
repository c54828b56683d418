-- The webhook relay shares each pass among the clients with webhooks waiting
-- (packages/connections publish-webhooks): it finds each such client once and
-- takes the oldest of each one's own, so it reads the unpublished webhooks by
-- client, then by arrival.
CREATE INDEX "inbound_webhooks_unpublished_by_client_idx" ON "inbound_webhooks" (client_id, received_at) WHERE published_at IS NULL;
DROP INDEX "inbound_webhooks_unpublished_idx";
