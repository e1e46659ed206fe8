-- Status updates find their ticket by central ID inside the write transaction: it must be an index seek.
CREATE UNIQUE INDEX tickets_central_id ON tickets (central_id) WHERE central_id IS NOT NULL;
-- Every forward and notify job reads a ticket's routing decision.
CREATE INDEX routing_decisions_ticket ON routing_decisions (ticket_id, id);
