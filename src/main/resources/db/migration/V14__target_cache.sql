-- What Roster last read of a target whose API reports changes (Entra ID's delta query), per scope (the tenant and the
-- properties read): each object as the target returned it, and the link that yields only what changed since.
CREATE TABLE roster_target_object (
    scope      VARCHAR(300)   NOT NULL,
    object_id  VARCHAR(200)   NOT NULL,
    body       VARCHAR(20000) NOT NULL,
    PRIMARY KEY (scope, object_id)
);

CREATE TABLE roster_target_link (
    scope       VARCHAR(300)  NOT NULL PRIMARY KEY,
    link        VARCHAR(4000) NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);
