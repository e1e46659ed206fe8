-- Who holds a claim. One row per running gateway process, kept fresh by a heartbeat: a claim whose
-- holder stopped beating (kill -9, power loss) is taken back within seconds instead of after its lease.
CREATE TABLE workers (
    id         TEXT PRIMARY KEY,           -- random per process start
    started_at TEXT NOT NULL,
    beat_at    TEXT NOT NULL,
    expires_at TEXT NOT NULL               -- past this without a beat, the holder counts as gone
);
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;  -- workers.id of the claim's holder (NULL: lease only)

-- A send job's recipient, read from its payload: one chat's messages leave in order, so a job is not
-- claimed while an earlier job of its chat is held elsewhere.
ALTER TABLE outbox ADD COLUMN chat TEXT GENERATED ALWAYS AS (json_extract(payload, '$.to.id')) VIRTUAL;
CREATE INDEX outbox_open_by_chat ON outbox (kind, chat, id) WHERE state IN ('pending', 'running');
