-- Browser sessions, kept by Spring Session JDBC (spring.session.jdbc.table-name = web_sessions)
-- instead of each replica's memory: a request that lands on another replica finds its session,
-- and a restart signs nobody out. The layout is Spring Session's own (schema-postgresql.sql of
-- spring-session-jdbc 4.0); BYTEA is also H2's name for a variable-length binary column.
-- Expired rows are deleted by Spring Session's cleanup task on every replica (an idempotent
-- DELETE ... WHERE expiry_time < now).
CREATE TABLE web_sessions (
    primary_id            CHAR(36)     NOT NULL,
    session_id            CHAR(36)     NOT NULL,
    creation_time         BIGINT       NOT NULL,
    last_access_time      BIGINT       NOT NULL,
    max_inactive_interval INT          NOT NULL,
    expiry_time           BIGINT       NOT NULL,
    principal_name        VARCHAR(100),
    CONSTRAINT pk_web_sessions PRIMARY KEY (primary_id)
);

CREATE UNIQUE INDEX ux_web_sessions_session_id ON web_sessions (session_id);
CREATE INDEX ix_web_sessions_expiry_time ON web_sessions (expiry_time);
CREATE INDEX ix_web_sessions_principal_name ON web_sessions (principal_name);

-- One row per session attribute (the signed-in caller, the CSRF token, a sign-in in progress),
-- each serialized by Java serialization.
CREATE TABLE web_sessions_attributes (
    session_primary_id CHAR(36)     NOT NULL,
    attribute_name     VARCHAR(200) NOT NULL,
    attribute_bytes    BYTEA        NOT NULL,
    CONSTRAINT pk_web_sessions_attributes PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT fk_web_sessions_attributes_session FOREIGN KEY (session_primary_id)
        REFERENCES web_sessions (primary_id) ON DELETE CASCADE
);
