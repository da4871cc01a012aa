-- Failed sign-ins, counted per (user name, client address) and per client address across all
-- names, instead of per account: a stranger's failures from one address no longer lock the
-- account's owner out everywhere, and unknown names are counted exactly like existing ones.
-- Every replica reads and writes the same rows, so the throttle holds across replicas.
-- kind N: one user name (as typed, normalized, whether or not the account exists) from one
--         client;
-- kind C: one client across all names (username is '').
-- client is an IPv4 address, an IPv6 /64 network, or the proxy's token for an unknown client.
CREATE TABLE sign_in_failures (
    kind            CHAR(1)      NOT NULL,
    username        VARCHAR(256) NOT NULL,
    client          VARCHAR(64)  NOT NULL,
    -- Consecutive failures; a failure after a quiet lock duration starts again at 1.
    failures        INTEGER      NOT NULL,
    last_failure_at BIGINT       NOT NULL,
    CONSTRAINT pk_sign_in_failures PRIMARY KEY (kind, username, client),
    CONSTRAINT ck_sign_in_failures_kind CHECK (kind IN ('N', 'C'))
);

-- The purge deletes rows whose last failure is older than the lock duration.
CREATE INDEX ix_sign_in_failures_last ON sign_in_failures (last_failure_at);

-- The counts kept on the account itself (users.failed_logins, last_failed_login_at,
-- locked_until) are no longer read or written. They stay for now: during a rolling update the
-- previous version's replicas still read them with every account. A later migration drops them;
-- until then new accounts get 0 failures by default.
ALTER TABLE users ALTER COLUMN failed_logins SET DEFAULT 0;
