-- Whether Roster gave a user a role, whichever job did: the last audited change of it, looked up by target and person.
CREATE INDEX roster_audit_by_target_person ON roster_audit (target, person_key);
