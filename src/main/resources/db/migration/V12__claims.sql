-- Which people each job's source holds in each target: a job's claim on a user. A user two jobs' sources share is
-- managed by the job that claimed it first; a user every source has let go (released_at set) is the last claimant's.
CREATE TABLE roster_claim (
    target      VARCHAR(200) NOT NULL,
    job         VARCHAR(200) NOT NULL,
    person_key  VARCHAR(320) NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    released_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (target, job, person_key)
);
CREATE INDEX roster_claim_by_person ON roster_claim (target, person_key);

-- One row per job and target that has claims: their number and a digest of their keys, so a run whose source holds
-- the same people as the last one's writes nothing, and a job alone in its target reads nobody's claims.
CREATE TABLE roster_claim_set (
    target      VARCHAR(200) NOT NULL,
    job         VARCHAR(200) NOT NULL,
    people      BIGINT       NOT NULL,
    digest      VARCHAR(64)  NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (target, job)
);
