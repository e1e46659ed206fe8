-- Claiming must not scan finished jobs: due pending jobs in priority order, and expired leases.
DROP INDEX outbox_due;
CREATE INDEX outbox_pending ON outbox (kind, priority, id) WHERE state = 'pending';
CREATE INDEX outbox_leased ON outbox (kind, lease_until) WHERE state = 'running';
