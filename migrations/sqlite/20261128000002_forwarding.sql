-- Forwarding to the central API and status coming back.

ALTER TABLE tickets ADD COLUMN central_token TEXT;          -- Open311 token while the request ID is pending
ALTER TABLE tickets ADD COLUMN next_poll_at TEXT;           -- when the poller next asks the central API
CREATE INDEX tickets_poll ON tickets (next_poll_at) WHERE central_id IS NOT NULL;

-- Status reports from the central side, deduplicated: the same (central id, status, time) twice is one change.
CREATE TABLE central_updates (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    central_id  TEXT NOT NULL,
    status      TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (central_id, status, updated_at)
);

-- Downloaded media, served at /media/{token} so the central API gets a URL.
ALTER TABLE ticket_media ADD COLUMN token TEXT;
ALTER TABLE ticket_media ADD COLUMN path TEXT;
ALTER TABLE ticket_media ADD COLUMN mime TEXT;
CREATE UNIQUE INDEX ticket_media_token ON ticket_media (token) WHERE token IS NOT NULL;

-- Chats that told us they cannot be reached (Telegram 403): no more sends there.
CREATE TABLE unreachable_addresses (
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    reason  TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (channel, address)
);

-- A revived dead letter gets a fresh retry budget from this time.
ALTER TABLE outbox ADD COLUMN budget_from TEXT;
