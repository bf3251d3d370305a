-- Signature 365 jobs stream their source: which people a run saw is marked per person (so those who vanished can
-- be found without holding a million keys in memory), and the source's "version" is kept to skip unchanged cycles.
ALTER TABLE roster_person_state ADD COLUMN last_seen_run VARCHAR(64);
ALTER TABLE roster_run ADD COLUMN vanished BIGINT NOT NULL DEFAULT 0;

CREATE TABLE roster_source_version (
    job         VARCHAR(200)  NOT NULL PRIMARY KEY,
    version     VARCHAR(4000) NOT NULL,
    run_id      VARCHAR(64)   NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);
