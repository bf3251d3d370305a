package io.roster.state;

/** Empties the state store between tests. */
public final class StateTables {

    private StateTables() {
    }

    public static void clear(StateStore store) {
        store.transaction("clear the state tables", c -> {
            for (String t : new String[] {"roster_run", "roster_checkpoint", "roster_pending_write",
                    "roster_person_state", "roster_dead_letter", "roster_audit", "roster_source_acceptance", "roster_sign_user",
                    "roster_held_action", "roster_plan_change", "roster_plan",
                    "roster_claim", "roster_claim_set", "roster_target_object", "roster_target_link"}) {
                StateStore.update(c, "DELETE FROM " + t);
            }
            return null;
        });
    }
}
