-- A failing inbound event (an unreadable saved state, a bug in one step) retries with backoff, then
-- becomes a dead letter an operator sees and replays (`kentongan inbox list --dead`, `inbox retry`);
-- other chats never wait on it.

ALTER TABLE inbound_events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inbound_events ADD COLUMN retry_at TEXT;     -- after a failure: not before this
ALTER TABLE inbound_events ADD COLUMN last_error TEXT;
ALTER TABLE inbound_events ADD COLUMN dead_at TEXT;      -- the budget is spent: waits for an operator

-- The inbox reads open events chat by chat, oldest first; dead letters are listed apart.
CREATE INDEX inbound_events_open ON inbound_events (channel, address, id)
    WHERE processed_at IS NULL AND dead_at IS NULL;
CREATE INDEX inbound_events_dead ON inbound_events (id) WHERE dead_at IS NOT NULL AND processed_at IS NULL;
