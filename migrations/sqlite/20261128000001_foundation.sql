-- The foundation: inbound events (durable accept + dedupe), conversations (versioned state),
-- tickets with status history and media, routing decisions, and the outbox of effects.

CREATE TABLE inbound_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    channel      TEXT    NOT NULL,
    external_id  TEXT    NOT NULL,
    address      TEXT    NOT NULL,
    body         TEXT    NOT NULL,          -- normalised event (JSON), never the raw wire payload
    lang_hint    TEXT,                      -- language the client reports, for a first conversation
    received_at  TEXT    NOT NULL,
    processed_at TEXT,
    UNIQUE (channel, external_id)
);
CREATE INDEX inbound_events_unprocessed ON inbound_events (id) WHERE processed_at IS NULL;

CREATE TABLE conversations (
    channel        TEXT    NOT NULL,
    address        TEXT    NOT NULL,
    state          TEXT    NOT NULL,        -- engine state (JSON)
    dialog_version TEXT    NOT NULL,        -- content hash of the dialogs the state was written under
    version        INTEGER NOT NULL,        -- optimistic concurrency: bumped by every write
    updated_at     TEXT    NOT NULL,
    PRIMARY KEY (channel, address)
);

CREATE TABLE tickets (
    id               TEXT PRIMARY KEY,     -- UUID, also the idempotency key towards the central API
    tracking_id      TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL,
    reporter         TEXT NOT NULL,        -- address on the channel (chat id, E.164 number)
    lang             TEXT NOT NULL,
    dialog           TEXT NOT NULL,
    description      TEXT NOT NULL,
    location_lat     REAL,
    location_lon     REAL,
    address_text     TEXT,
    occurred_on      TEXT,
    report_type      TEXT,
    anonymous        INTEGER NOT NULL DEFAULT 0,
    confidential     INTEGER NOT NULL DEFAULT 0,
    opd_code         TEXT,
    status           TEXT NOT NULL,
    answers          TEXT NOT NULL,        -- every dialog answer (JSON), so new steps need no migration
    central_id       TEXT,
    tracking_url     TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX tickets_reporter ON tickets (channel, reporter);

CREATE TABLE ticket_status_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id  TEXT NOT NULL REFERENCES tickets (id),
    status     TEXT NOT NULL,
    note       TEXT,
    source     TEXT NOT NULL,              -- gateway, central, admin
    at         TEXT NOT NULL
);
CREATE INDEX ticket_status_history_ticket ON ticket_status_history (ticket_id, id);

CREATE TABLE ticket_media (
    ticket_id  TEXT    NOT NULL REFERENCES tickets (id),
    position   INTEGER NOT NULL,
    file_ref   TEXT    NOT NULL,           -- channel file id (Telegram file_id)
    PRIMARY KEY (ticket_id, position)
);

-- Who routed a ticket to which OPD, when and why: the classifier learns from corrections.
CREATE TABLE routing_decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id   TEXT NOT NULL REFERENCES tickets (id),
    opd_code    TEXT,
    suggested   TEXT,
    decided_by  TEXT NOT NULL,             -- citizen, classifier, admin
    corrected   INTEGER NOT NULL DEFAULT 0,
    at          TEXT NOT NULL
);

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL,         -- send, forward, ...
    dedupe_key   TEXT    NOT NULL UNIQUE,  -- enqueueing twice is a no-op
    payload      TEXT    NOT NULL,
    priority     INTEGER NOT NULL DEFAULT 0,  -- lower runs first
    state        TEXT    NOT NULL DEFAULT 'pending',  -- pending, running, done, dead
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_at       TEXT    NOT NULL,
    lease_until  TEXT,
    last_error   TEXT,
    created_at   TEXT    NOT NULL,
    done_at      TEXT
);
CREATE INDEX outbox_due ON outbox (kind, state, priority, run_at);
