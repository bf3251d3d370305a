-- Incremental reads (LDAP): where the next read may start (the highest change time the last clean run saw), and
-- when the source was last read in full (a full read is due periodically, so people who left are still seen).
CREATE TABLE roster_source_watermark (
    job          VARCHAR(200)  NOT NULL PRIMARY KEY,
    watermark    VARCHAR(100),
    full_read_at TIMESTAMP WITH TIME ZONE,
    run_id       VARCHAR(64)   NOT NULL,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
