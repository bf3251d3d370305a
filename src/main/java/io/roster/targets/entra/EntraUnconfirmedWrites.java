package io.roster.targets.entra;

import io.roster.plan.EntraUser;
import io.roster.state.Change;
import io.roster.state.ChangeJournal;
import io.roster.targets.TargetRun;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes an earlier run sent to Entra ID but never journaled (the process was killed between a request and its
 * journal entry) may have landed: the users just read tell, and for a door Entra shows later, the mark of what was
 * sent. What Entra shows is audited now, so the log, and
 * {@code roster undo}, hold every change even across a crash; what it does not show is planned again like any other
 * difference.
 */
@ApplicationScoped
public class EntraUnconfirmedWrites {

    private final ChangeJournal journal;

    public EntraUnconfirmedWrites(ChangeJournal journal) {
        this.journal = journal;
    }

    /** {@code index}: the tenant's users by the addresses people are matched by (a person's key). */
    public void check(TargetRun run, Map<String, List<EntraUser>> index) {
        if (run.dryRun()) {
            return;
        }
        List<Change> changes = journal.unconfirmed(run.job(), run.id()).get(EntraTarget.NAME);
        if (changes == null || changes.isEmpty()) {
            return;
        }
        int landed = 0;
        Set<String> keys = new LinkedHashSet<>();
        for (Change intended : changes) {
            keys.add(intended.key());
            List<EntraUser> matched = index.getOrDefault(intended.key(), List.of());
            EntraUser now = matched.size() == 1 ? matched.get(0) : null;
            // landed: Entra shows it, or a later door took it (its mark, written before the journal, says so)
            Change reached = now == null ? null : intended.landed(now.id(), now.standing());
            if (reached != null) {
                landed++;
                journal.applied(run.job(), run.id(), reached);
            }
        }
        run.report().warn("Entra ID: " + changes.size() + " changes of an earlier run were never confirmed; checked in"
                + " Entra: " + landed + " had landed and are audited, " + (changes.size() - landed) + " had not and are"
                + " planned again");
        journal.forget(run.job(), EntraTarget.NAME, keys);
    }
}
