-- What Roster last learned of each Sign user that the account's lists do not show (Sign's documented list shapes carry
-- no status and no primary group): read from GET users/{id}, or as Roster wrote it. Kept per account and user id, so
-- every job on the account shares it; a fact older than the re-check window (roster.sign.recheck-window) is read again.
CREATE TABLE roster_sign_user (
    org              VARCHAR(200) NOT NULL,
    user_id          VARCHAR(200) NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    primary_group_id VARCHAR(200),
    checked_at_ms    BIGINT       NOT NULL, -- epoch milliseconds: read for every user of the account each run
    PRIMARY KEY (org, user_id)
);
