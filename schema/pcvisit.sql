-- pcvisit state (seed 002, reference/pcvisit.md 1): companies with their imprint, users,
-- the integrator + user token pairs that get a JWT, and session protocols with comments.

-- A company: a pcvisit customer (CustomerUuid) with its public imprint.
CREATE TABLE pcv_company (
    id                  INTEGER PRIMARY KEY,
    customer_uuid       TEXT NOT NULL UNIQUE,
    company_id          TEXT UNIQUE,                   -- Imprint.companyId; NULL when none
    company_name        TEXT NOT NULL,
    email               TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    picture             TEXT NOT NULL DEFAULT '',
    is_picture_fallback INTEGER NOT NULL DEFAULT 1,
    vat_id              TEXT NOT NULL DEFAULT '',
    street              TEXT,
    zip_code            TEXT,
    city                TEXT,
    country             TEXT,                          -- a Country enum value
    reporting_active_since INTEGER NOT NULL DEFAULT 0, -- UnixTimeMs
    batch_loading       INTEGER NOT NULL DEFAULT 0     -- batchLoadingIsStillActive (F-PCV-068)
);

-- A user: an Auth0 identity. Team accounts cannot be looked up by mail (F-PCV-075).
CREATE TABLE pcv_user (
    id                  INTEGER PRIMARY KEY,
    auth0_id            TEXT NOT NULL UNIQUE,
    email               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    first_name          TEXT NOT NULL DEFAULT '',
    last_name           TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    picture             TEXT NOT NULL DEFAULT '',
    is_picture_fallback INTEGER NOT NULL DEFAULT 1,
    email_verified      INTEGER NOT NULL DEFAULT 1,
    team_account        INTEGER NOT NULL DEFAULT 0,
    created             INTEGER NOT NULL DEFAULT 0,
    last_login          INTEGER,
    last_password_reset INTEGER
);

-- The companies a user belongs to (company_ids) or is in charge of (company_in_charge_ids).
CREATE TABLE pcv_user_company (
    user_id     INTEGER NOT NULL REFERENCES pcv_user(id),
    company_id  INTEGER NOT NULL REFERENCES pcv_company(id),
    in_charge   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, company_id)
) WITHOUT ROWID;

-- An integrator token and a user token that together get a JWT for the user, with the
-- pair's rate-limit budget (F-PCV-080).
CREATE TABLE pcv_token_pair (
    id                  INTEGER PRIMARY KEY,
    integrator_token    TEXT NOT NULL,
    user_token          TEXT NOT NULL,
    user_id             INTEGER NOT NULL REFERENCES pcv_user(id),
    company_id          INTEGER NOT NULL REFERENCES pcv_company(id), -- the JWT's customerUuid
    budget_per_minute   INTEGER NOT NULL DEFAULT 600,
    UNIQUE (integrator_token, user_token)
);

-- A session protocol. The API only reads protocols, and always whole: the row keeps the
-- SessionProtocol object as the API shows it (participants, target, client company) in doc,
-- and the columns it is selected and ordered by (F-PCV-066).
CREATE TABLE pcv_session (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,                 -- SessionProtocol.id
    company_id  INTEGER NOT NULL REFERENCES pcv_company(id),
    created_at  INTEGER NOT NULL,                     -- sessionCreatedAt
    doc         TEXT NOT NULL                         -- the SessionProtocol as JSON
);
CREATE INDEX pcv_session_company ON pcv_session(company_id, created_at);

-- Comments on a protocol (exported with exportWithComments).
CREATE TABLE pcv_session_comment (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES pcv_session(id),
    created_at  INTEGER NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL
);
CREATE INDEX pcv_session_comment_session ON pcv_session_comment(session_id, created_at);
