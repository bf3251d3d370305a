-- A target account's request budget (roster.sign.orgs.<org>.request-budget, e.g. 600/1m), shared by every job and every
-- replica that addresses the account: requests taken in each window of time, by window number since the epoch.
CREATE TABLE roster_request_budget (
    account VARCHAR(200) NOT NULL,
    win     BIGINT       NOT NULL,
    used    INTEGER      NOT NULL,
    PRIMARY KEY (account, win)
);
