-- Sending is recorded on both sides of the provider call: the intent just before it, and the outcome
-- with the provider's message id right after it. A job taken back from a crashed holder with an intent
-- and no outcome may have been sent: it is sent again (at most once per such crash) and counted.
ALTER TABLE outbox ADD COLUMN send_started_at TEXT;              -- intent of the current holder
ALTER TABLE outbox ADD COLUMN maybe_sent INTEGER NOT NULL DEFAULT 0;  -- set when claimed with an open intent
ALTER TABLE outbox ADD COLUMN sent_ref TEXT;                      -- the provider's message id (Telegram message_id)
