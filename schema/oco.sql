-- OCO server v1.2.2 state (seed 003, reference/oco.md section 3), in SQLite terms.
-- Table and column names are OCO's own, so report queries written for a real server work.
-- AUTOINCREMENT everywhere: the real server never reuses an id after a delete. Text that
-- MariaDB compares with utf8mb4_general_ci is COLLATE NOCASE here, and lookups also rtrim()
-- both sides (general_ci ignores trailing spaces). Dates are 'YYYY-MM-DD HH:MM:SS' text.

CREATE TABLE setting (
    key    TEXT PRIMARY KEY NOT NULL, -- MariaDB's primary keys are NOT NULL; SQLite's are not
    value  TEXT NOT NULL
);

CREATE TABLE system_user_role (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    permissions  TEXT NOT NULL DEFAULT '{}'      -- JSON; "Special\\ClientApi": true allows the API
);

CREATE TABLE system_user (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                  TEXT NOT NULL UNIQUE,
    username             TEXT NOT NULL COLLATE NOCASE,
    display_name         TEXT NOT NULL DEFAULT '',
    password             TEXT,                     -- kept as given: this is a fake
    locked               INTEGER NOT NULL DEFAULT 0,
    last_login           TEXT,
    created              TEXT NOT NULL,
    system_user_role_id  INTEGER NOT NULL REFERENCES system_user_role(id)
);

CREATE TABLE computer (
    id                         INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                        TEXT UNIQUE,
    hostname                   TEXT NOT NULL COLLATE NOCASE,
    os                         TEXT NOT NULL DEFAULT '',
    os_version                 TEXT NOT NULL DEFAULT '',
    os_license                 TEXT NOT NULL DEFAULT '',
    os_locale                  TEXT NOT NULL DEFAULT '',
    kernel_version             TEXT NOT NULL DEFAULT '',
    architecture               TEXT NOT NULL DEFAULT '',
    cpu                        TEXT NOT NULL DEFAULT '',
    gpu                        TEXT NOT NULL DEFAULT '',
    ram                        TEXT NOT NULL DEFAULT '',
    agent_version              TEXT NOT NULL DEFAULT '',
    remote_address             TEXT NOT NULL DEFAULT '',
    serial                     TEXT NOT NULL DEFAULT '',
    manufacturer               TEXT NOT NULL DEFAULT '',
    model                      TEXT NOT NULL DEFAULT '',
    bios_version               TEXT NOT NULL DEFAULT '',
    battery_level              REAL,
    battery_status             INTEGER,
    uptime                     INTEGER NOT NULL DEFAULT 0,
    boot_type                  TEXT NOT NULL DEFAULT '',
    domain                     TEXT NOT NULL DEFAULT '',
    secure_boot                TEXT NOT NULL DEFAULT '',
    last_ping                  TEXT,
    last_update                TEXT,
    force_update               INTEGER NOT NULL DEFAULT 0,
    agent_timestamp            REAL NOT NULL DEFAULT 0,
    notes                      TEXT NOT NULL DEFAULT '',
    agent_key                  TEXT NOT NULL DEFAULT '',
    server_key                 TEXT NOT NULL DEFAULT '',
    created                    TEXT NOT NULL,
    created_by_system_user_id  INTEGER REFERENCES system_user(id) ON DELETE SET NULL
);
CREATE INDEX computer_hostname ON computer(hostname);

CREATE TABLE computer_group (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_computer_group_id  INTEGER REFERENCES computer_group(id) ON DELETE CASCADE,
    name                      TEXT NOT NULL
);

CREATE TABLE computer_group_member (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    computer_id        INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    computer_group_id  INTEGER NOT NULL REFERENCES computer_group(id) ON DELETE CASCADE
);

CREATE TABLE computer_network (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    computer_id  INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    nic_number   INTEGER NOT NULL,
    address      TEXT NOT NULL,
    netmask      TEXT NOT NULL,
    broadcast    TEXT,
    mac          TEXT,
    interface    TEXT
);

CREATE TABLE computer_screen (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    computer_id   INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    name          TEXT NOT NULL DEFAULT '',
    manufacturer  TEXT NOT NULL DEFAULT '',
    type          TEXT NOT NULL DEFAULT '',
    resolution    TEXT NOT NULL DEFAULT '',
    size          TEXT NOT NULL DEFAULT '',
    manufactured  TEXT NOT NULL DEFAULT '',
    serialno      TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE computer_printer (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    computer_id  INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    driver       TEXT NOT NULL DEFAULT '',
    paper        TEXT NOT NULL DEFAULT '',
    dpi          TEXT NOT NULL DEFAULT '',
    uri          TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE computer_partition (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    computer_id  INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    device       TEXT NOT NULL DEFAULT '',
    mountpoint   TEXT NOT NULL DEFAULT '',
    filesystem   TEXT NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0,
    free         INTEGER NOT NULL DEFAULT 0,
    name         TEXT NOT NULL DEFAULT '',
    uuid         TEXT NOT NULL DEFAULT '',
    encrypted    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE software (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    version      TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE computer_software (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    computer_id  INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    software_id  INTEGER NOT NULL REFERENCES software(id) ON DELETE CASCADE,
    installed    TEXT
);

CREATE TABLE computer_service (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    computer_id  INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    timestamp    TEXT NOT NULL,
    updated      TEXT NOT NULL,
    status       INTEGER NOT NULL,
    name         TEXT NOT NULL,
    merged_name  TEXT NOT NULL DEFAULT '',
    details      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE computer_event (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    computer_id  INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    log          TEXT NOT NULL DEFAULT '',
    timestamp    TEXT NOT NULL,
    provider     TEXT NOT NULL DEFAULT '',
    level        INTEGER NOT NULL,
    event_id     INTEGER NOT NULL,
    data         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE domain_user (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    uid           TEXT,
    domain        TEXT,
    username      TEXT NOT NULL,
    display_name  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE domain_user_logon (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    computer_id     INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    domain_user_id  INTEGER NOT NULL REFERENCES domain_user(id) ON DELETE CASCADE,
    console         TEXT,
    timestamp       TEXT NOT NULL
);

CREATE TABLE package_family (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT NOT NULL COLLATE NOCASE,
    notes          TEXT NOT NULL DEFAULT '',
    icon           BLOB,
    license_count  INTEGER
);

CREATE TABLE package (
    id                                        INTEGER PRIMARY KEY AUTOINCREMENT,
    package_family_id                         INTEGER NOT NULL REFERENCES package_family(id),
    version                                   TEXT NOT NULL COLLATE NOCASE,
    notes                                     TEXT NOT NULL DEFAULT '',
    install_procedure                         TEXT NOT NULL,
    install_procedure_success_return_codes    TEXT NOT NULL DEFAULT '0',
    install_procedure_post_action             INTEGER NOT NULL DEFAULT 0,
    upgrade_behavior                          INTEGER NOT NULL DEFAULT 2,
    uninstall_procedure                       TEXT NOT NULL DEFAULT '',
    uninstall_procedure_success_return_codes  TEXT NOT NULL DEFAULT '0',
    download_for_uninstall                    INTEGER NOT NULL DEFAULT 0,
    uninstall_procedure_post_action           INTEGER NOT NULL DEFAULT 0,
    line_endings                              TEXT,
    compatible_os                             TEXT,
    compatible_os_version                     TEXT,
    compatible_architecture                   TEXT,
    license_count                             INTEGER,
    created                                   TEXT NOT NULL,
    created_by_system_user_id                 INTEGER REFERENCES system_user(id) ON DELETE SET NULL,
    updated                                   TEXT,
    updated_by_system_user_id                 INTEGER REFERENCES system_user(id) ON DELETE SET NULL,
    payload                                   BLOB    -- the zip OCO keeps as PACKAGE_PATH/<id>.zip
);

CREATE TABLE package_group (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_package_group_id  INTEGER REFERENCES package_group(id) ON DELETE CASCADE,
    name                     TEXT NOT NULL
);

CREATE TABLE package_group_member (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    package_id        INTEGER NOT NULL REFERENCES package(id) ON DELETE CASCADE,
    package_group_id  INTEGER NOT NULL REFERENCES package_group(id) ON DELETE CASCADE,
    sequence          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE package_dependency (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    package_id            INTEGER NOT NULL REFERENCES package(id) ON DELETE CASCADE,
    dependent_package_id  INTEGER NOT NULL REFERENCES package(id) ON DELETE CASCADE
);

CREATE TABLE computer_package (
    id                           INTEGER PRIMARY KEY AUTOINCREMENT,
    computer_id                  INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    package_id                   INTEGER NOT NULL REFERENCES package(id) ON DELETE CASCADE,
    installed_procedure          TEXT,
    installed_by_system_user_id  INTEGER REFERENCES system_user(id) ON DELETE SET NULL,
    installed_by_domain_user_id  INTEGER REFERENCES domain_user(id) ON DELETE SET NULL,
    installed                    TEXT NOT NULL
);

CREATE TABLE job_container (
    id                               INTEGER PRIMARY KEY AUTOINCREMENT,
    name                             TEXT NOT NULL,
    enabled                          INTEGER NOT NULL DEFAULT 1,
    start_time                       TEXT NOT NULL,
    end_time                         TEXT,
    notes                            TEXT NOT NULL DEFAULT '',
    wol_sent                         INTEGER NOT NULL DEFAULT 0,
    shutdown_waked_after_completion  INTEGER NOT NULL DEFAULT 0,
    sequence_mode                    INTEGER NOT NULL DEFAULT 0,
    priority                         INTEGER NOT NULL DEFAULT 0,
    agent_ip_ranges                  TEXT,
    time_frames                      TEXT,
    self_service                     INTEGER NOT NULL DEFAULT 0,
    created                          TEXT NOT NULL,
    created_by_system_user_id        INTEGER REFERENCES system_user(id) ON DELETE SET NULL,
    created_by_domain_user_id        INTEGER REFERENCES domain_user(id) ON DELETE SET NULL
);

CREATE TABLE job_container_job (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    job_container_id     INTEGER NOT NULL REFERENCES job_container(id) ON DELETE CASCADE,
    computer_id          INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    package_id           INTEGER NOT NULL REFERENCES package(id) ON DELETE CASCADE,
    procedure            TEXT NOT NULL,
    success_return_codes TEXT NOT NULL DEFAULT '',
    upgrade_behavior     INTEGER NOT NULL DEFAULT 2,
    is_uninstall         INTEGER NOT NULL DEFAULT 0,
    download             INTEGER NOT NULL DEFAULT 1,
    post_action          INTEGER,
    post_action_timeout  INTEGER,
    sequence             INTEGER NOT NULL DEFAULT 0,
    state                INTEGER NOT NULL DEFAULT 0,
    download_progress    REAL,
    return_code          INTEGER,
    message              TEXT NOT NULL DEFAULT '',
    wol_shutdown_set     TEXT,
    download_started     TEXT,
    execution_started    TEXT,
    execution_finished   TEXT
);

CREATE TABLE deployment_rule (
    id                         INTEGER PRIMARY KEY AUTOINCREMENT,
    name                       TEXT NOT NULL,
    notes                      TEXT NOT NULL DEFAULT '',
    enabled                    INTEGER NOT NULL DEFAULT 1,
    computer_group_id          INTEGER NOT NULL REFERENCES computer_group(id),
    package_group_id           INTEGER NOT NULL REFERENCES package_group(id),
    sequence_mode              INTEGER NOT NULL DEFAULT 0,
    priority                   INTEGER NOT NULL DEFAULT 0,
    post_action_timeout        INTEGER NOT NULL DEFAULT 5,
    created                    TEXT NOT NULL,
    created_by_system_user_id  INTEGER REFERENCES system_user(id) ON DELETE SET NULL
);

CREATE TABLE deployment_rule_job (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment_rule_id   INTEGER NOT NULL REFERENCES deployment_rule(id) ON DELETE CASCADE,
    computer_id          INTEGER NOT NULL REFERENCES computer(id) ON DELETE CASCADE,
    package_id           INTEGER NOT NULL REFERENCES package(id) ON DELETE CASCADE,
    procedure            TEXT NOT NULL,
    success_return_codes TEXT NOT NULL DEFAULT '',
    upgrade_behavior     INTEGER NOT NULL DEFAULT 2,
    is_uninstall         INTEGER NOT NULL DEFAULT 0,
    download             INTEGER NOT NULL DEFAULT 1,
    post_action          INTEGER,
    post_action_timeout  INTEGER,
    sequence             INTEGER NOT NULL DEFAULT 0,
    state                INTEGER NOT NULL DEFAULT 0,
    download_progress    REAL,
    return_code          INTEGER,
    message              TEXT NOT NULL DEFAULT '',
    wol_shutdown_set     TEXT,
    download_started     TEXT,
    execution_started    TEXT,
    execution_finished   TEXT
);

CREATE TABLE report_group (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_report_group_id  INTEGER REFERENCES report_group(id) ON DELETE CASCADE,
    name                    TEXT NOT NULL
);

CREATE TABLE report (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    report_group_id  INTEGER REFERENCES report_group(id) ON DELETE SET NULL,
    name             TEXT NOT NULL,
    notes            TEXT NOT NULL DEFAULT '',
    query            TEXT NOT NULL
);
