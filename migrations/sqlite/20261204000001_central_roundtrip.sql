-- A real central server's round trip: what the central side last said about each ticket, so a change
-- is decided by what changed (status word, notes, agency) and not by trusting the server's clock.

ALTER TABLE tickets ADD COLUMN central_word TEXT;         -- the central status word last observed
ALTER TABLE tickets ADD COLUMN central_note TEXT;         -- its status_notes / response_text
ALTER TABLE tickets ADD COLUMN central_agency TEXT;       -- its agency_responsible
ALTER TABLE tickets ADD COLUMN central_seen_at TEXT;      -- the newest believable central timestamp seen (the server's clock)
ALTER TABLE tickets ADD COLUMN central_observed_at TEXT;  -- our time of the last observation we kept
ALTER TABLE tickets ADD COLUMN central_version INTEGER NOT NULL DEFAULT 0;  -- bumped by every kept observation
-- Open311 ignores Idempotency-Key: a create that may have reached the server (timeout, 500, unreadable 2xx)
-- makes the next try look first, and a later look for duplicates.
ALTER TABLE tickets ADD COLUMN create_uncertain_at TEXT;
ALTER TABLE tickets ADD COLUMN orphan_check_at TEXT;
ALTER TABLE tickets ADD COLUMN orphan_checks INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_orphan_check ON tickets (orphan_check_at) WHERE orphan_check_at IS NOT NULL;

-- Requests the central server holds for one of our tickets besides the one we kept (an earlier attempt
-- that reached it after all), or a suspicion that could not be checked (central_id NULL, detail says why).
CREATE TABLE central_orphans (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id  TEXT NOT NULL REFERENCES tickets (id),
    central_id TEXT,
    detail     TEXT NOT NULL,
    found_at   TEXT NOT NULL,
    UNIQUE (ticket_id, central_id)
);

-- A photo the channel refused for good (deleted, wrong file id): the ticket goes on without it.
ALTER TABLE ticket_media ADD COLUMN unavailable TEXT;

-- Every change is now decided against the ticket's last observation; the per-(status, time) dedupe table
-- dropped real changes on servers that never move updated_datetime.
DROP TABLE central_updates;

-- Repair what the old rule broke: a forwarded ticket that is not final was sometimes taken off the poll
-- schedule; ask about it again now. Its last central note becomes the baseline, so an unchanged note is
-- not pushed again after the upgrade.
UPDATE tickets SET next_poll_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
 WHERE central_id IS NOT NULL AND next_poll_at IS NULL AND status NOT IN ('selesai', 'ditolak', 'diarsipkan');
UPDATE tickets SET central_note = (
    SELECT h.note FROM ticket_status_history h
     WHERE h.ticket_id = tickets.id AND h.source IN ('poll', 'callback') ORDER BY h.id DESC LIMIT 1)
 WHERE central_id IS NOT NULL;
