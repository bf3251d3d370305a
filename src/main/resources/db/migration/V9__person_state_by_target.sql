-- Which users of a target other jobs manage (a job's Sign-only users exclude them): looked up by target.
CREATE INDEX roster_person_state_by_target ON roster_person_state (target, person_key);
