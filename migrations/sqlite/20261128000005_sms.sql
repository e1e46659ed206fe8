-- The SMS channel: which provider an event came through (replies and pushes go back the same way),
-- a Telegram reporter's own phone (SMS fallback), the daily push cap, and delivery reports.

ALTER TABLE inbound_events ADD COLUMN via TEXT;
ALTER TABLE tickets ADD COLUMN via TEXT;

-- A reporter's own phone number in E.164, shared as a Telegram contact (contact.user_id = from.id).
CREATE TABLE reporter_phones (
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    phone   TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (channel, address)
);

-- Status-push SMS sent to one number on one local day: the per-reporter daily cap.
CREATE TABLE sms_push_quota (
    phone TEXT    NOT NULL,
    day   TEXT    NOT NULL,
    sent  INTEGER NOT NULL,
    PRIMARY KEY (phone, day)
);

-- Delivery reports of sent SMS, per outbox job and part, as the provider last told us.
CREATE TABLE sms_deliveries (
    job_id   INTEGER NOT NULL,
    part     INTEGER NOT NULL,
    provider TEXT    NOT NULL,
    status   TEXT    NOT NULL,        -- queued, sent, delivered, failed
    detail   TEXT,
    at       TEXT    NOT NULL,
    PRIMARY KEY (job_id, part)
);
