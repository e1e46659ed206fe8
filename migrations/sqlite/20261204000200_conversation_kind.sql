-- A conversation has a kind: every conversation so far is a citizen's. The OPD-admin issue adds
-- `admin`; the inbox dispatches each step to its kind's step function.
ALTER TABLE conversations ADD COLUMN kind TEXT NOT NULL DEFAULT 'citizen';
