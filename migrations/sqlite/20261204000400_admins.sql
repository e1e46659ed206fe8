-- OPD admins (issue 12): invites stored as the SHA-256 of their code, the chats they bind, the
-- wrong-code tries the limiter counts, the server-side names of admin buttons, and every admin action.
CREATE TABLE admin_invites (
    id INTEGER PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE,
    opd TEXT NOT NULL,
    role TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    revoked INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE admins (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    chat TEXT NOT NULL,
    role TEXT NOT NULL,
    opd TEXT NOT NULL,
    name TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'id',
    invite_id INTEGER REFERENCES admin_invites (id),
    created_at TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
-- One live admin per chat; a revoked one stays for the history.
CREATE UNIQUE INDEX admins_live_chat ON admins (channel, chat) WHERE revoked = 0;
CREATE INDEX admins_live_opd ON admins (opd) WHERE revoked = 0;

CREATE TABLE admin_wrong_codes (
    channel TEXT NOT NULL,
    chat TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX admin_wrong_codes_chat ON admin_wrong_codes (channel, chat, at);

CREATE TABLE admin_buttons (
    token TEXT PRIMARY KEY,
    action TEXT NOT NULL,
    ticket_id TEXT,
    admin_id INTEGER NOT NULL REFERENCES admins (id),
    created_at TEXT NOT NULL
);

CREATE TABLE admin_actions (
    id INTEGER PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    admin_id INTEGER NOT NULL REFERENCES admins (id),
    action TEXT NOT NULL,
    at TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX admin_actions_ticket ON admin_actions (ticket_id, id);
