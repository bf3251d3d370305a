-- Plans an admin can read and apply (roster plan JOB; roster apply PLAN_ID): each planned change with its reasons.
CREATE TABLE roster_plan (
    id         VARCHAR(64)  PRIMARY KEY,
    job        VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    status     VARCHAR(20)  NOT NULL,
    applied_by_run VARCHAR(64)
);

CREATE TABLE roster_plan_change (
    plan_id      VARCHAR(64)   NOT NULL,
    seq          INTEGER       NOT NULL,
    target       VARCHAR(200)  NOT NULL,
    person_key   VARCHAR(320)  NOT NULL,
    email        VARCHAR(320)  NOT NULL,
    action       VARCHAR(40)   NOT NULL,
    fingerprint  VARCHAR(64)   NOT NULL,
    detail       VARCHAR(4000) NOT NULL,
    before_value VARCHAR(20000),
    after_value  VARCHAR(20000),
    why          VARCHAR(4000) NOT NULL,
    held         BOOLEAN       NOT NULL,
    PRIMARY KEY (plan_id, seq)
);
