-- RemotePC Enterprise and Reseller state (seeds 000 and 001, reference/remotepc.md).
-- E-mail addresses compare case-insensitively (reference 4.4) but are returned as stored.

-- An account that owns API keys: an Enterprise admin or a reseller.
CREATE TABLE rp_account (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('enterprise', 'reseller')),
    name            TEXT NOT NULL,
    admin           TEXT NOT NULL DEFAULT '',      -- the owner's e-mail (Enterprise)
    plan_expired    INTEGER NOT NULL DEFAULT 0,    -- reaches "Invalid user plan"
    sso_configured  INTEGER NOT NULL DEFAULT 0,    -- users may get sso_flag=1 only then
    ip_allowlist    TEXT NOT NULL DEFAULT ''       -- space-separated addresses; '' = everyone
);

CREATE TABLE rp_api_key (
    key         TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES rp_account(id),
    owner       INTEGER NOT NULL DEFAULT 1         -- 0: a non-owner's key, "Invalid user permission"
) WITHOUT ROWID;

-- Enterprise users: active (created) or invited.
CREATE TABLE rp_user (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES rp_account(id),
    username    TEXT NOT NULL COLLATE NOCASE,
    firstname   TEXT NOT NULL DEFAULT '',
    lastname    TEXT NOT NULL DEFAULT '',
    password    TEXT,
    state       TEXT NOT NULL CHECK (state IN ('active', 'invited')),
    status_2fa  INTEGER NOT NULL DEFAULT 0,
    sso         INTEGER NOT NULL DEFAULT 0,
    created_ms  INTEGER NOT NULL,
    UNIQUE (account_id, username)
);
CREATE INDEX rp_user_by_name ON rp_user(username);

CREATE TABLE rp_group (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES rp_account(id),
    name        TEXT NOT NULL COLLATE NOCASE,       -- "Group name is already exists" ignores case
    UNIQUE (account_id, name)
);

CREATE TABLE rp_computer (
    id              INTEGER PRIMARY KEY,            -- creation order: the list order
    account_id      INTEGER NOT NULL REFERENCES rp_account(id),
    machine_id      TEXT NOT NULL UNIQUE,
    host_name       TEXT NOT NULL,                  -- matched exactly (case-sensitive)
    host_os_text    TEXT NOT NULL,
    host_os_version TEXT NOT NULL,
    host_ip         TEXT NOT NULL,
    online          INTEGER NOT NULL,
    last_session    TEXT,                           -- "YYYY-MM-DD HH:MM:SS"; NULL = never
    comments        TEXT NOT NULL DEFAULT '',
    group_id        INTEGER REFERENCES rp_group(id) ON DELETE SET NULL
);
CREATE INDEX rp_computer_by_name ON rp_computer(account_id, host_name);
-- Pages of an account's computers in id order, without a sort per request.
CREATE INDEX rp_computer_by_account ON rp_computer(account_id);

CREATE TABLE rp_assignment (
    user_id      INTEGER NOT NULL REFERENCES rp_user(id) ON DELETE CASCADE,
    computer_id  INTEGER NOT NULL REFERENCES rp_computer(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, computer_id)
) WITHOUT ROWID;
CREATE INDEX rp_assignment_by_computer ON rp_assignment(computer_id);

-- Reseller users, in every sign-in state the Reseller docs name.
CREATE TABLE rp_reseller_user (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER NOT NULL REFERENCES rp_account(id),
    username           TEXT NOT NULL COLLATE NOCASE,
    firstname          TEXT NOT NULL DEFAULT '',
    lastname           TEXT NOT NULL DEFAULT '',
    password           TEXT,
    alloted_computers  INTEGER NOT NULL DEFAULT 0,
    state              TEXT NOT NULL CHECK (state IN
                         ('active', 'invited', 'cancelled', 'parent_suspended', 'ip_blocked')),
    created_ms         INTEGER NOT NULL,
    UNIQUE (account_id, username)
);

-- Links rmmsim hands out and serves itself: Reseller sign-in links (single use, expiring)
-- and Enterprise web-viewer connect URLs.
CREATE TABLE rp_link (
    token        TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('signin', 'connect')),
    username     TEXT NOT NULL,
    machine_id   TEXT,                               -- connect links
    expires_ms   INTEGER NOT NULL,
    used         INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
