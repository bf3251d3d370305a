-- Every change, not only a create, is noted as pending with the values it is meant to leave, so a run that
-- finds it unconfirmed after a crash can tell from the target's state whether (and how much of) it landed.
ALTER TABLE roster_pending_write ADD COLUMN before_value VARCHAR(20000);
ALTER TABLE roster_pending_write ADD COLUMN after_value VARCHAR(20000);
