-- One Roster instance runs a job at a time (several replicas, a CronJob overlapping a Deployment, an HTTP "run now"):
-- ShedLock's lock rows (its JdbcLockProvider's columns), held while a run lasts and kept alive by the holder.
CREATE TABLE roster_job_lock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);
