-- Lookups a channel makes: the newest message from one address (WhatsApp's 24-hour window, and
-- which message to mark as read), and a send job by the provider's message id (delivery reports
-- that name the provider's id, like WhatsApp's statuses).
CREATE INDEX inbound_events_by_address ON inbound_events (channel, address, id);
CREATE INDEX outbox_by_sent_ref ON outbox (kind, sent_ref) WHERE sent_ref IS NOT NULL;
