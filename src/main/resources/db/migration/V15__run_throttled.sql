-- Answers a run's targets gave "429 Too Many Requests" (each retried after its Retry-After): what the console charts
-- beside the requests, per job and so per target.
ALTER TABLE roster_run ADD COLUMN target_throttled BIGINT DEFAULT 0 NOT NULL;
