package io.roster.targets.sign;

import io.roster.plan.LastWrite;
import io.roster.plan.LastWrites;
import io.roster.state.ChangeJournal;
import io.roster.state.PersonState;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Roster's last writes to one Sign account, read from the journal's sync state for just the people the planner
 * names: at 100,000 people with 1% changed that is 1,000 rows in one query, not every row of the job.
 */
public final class JournaledLastWrites implements LastWrites {

    private final ChangeJournal journal;
    private final String job;
    private final String target;
    private final Map<String, LastWrite> read = new HashMap<>();

    public JournaledLastWrites(ChangeJournal journal, String job, String target) {
        this.journal = journal;
        this.job = job;
        this.target = target;
    }

    @Override
    public void prefetch(Collection<String> keys) {
        List<String> unread = keys.stream().filter(k -> !read.containsKey(k)).toList();
        Map<String, PersonState> states = journal.states(job, target, unread);
        for (String key : unread) {
            PersonState st = states.get(key);
            read.put(key, st == null ? null : new LastWrite(st.written(), st.lastSyncedAt()));
        }
    }

    /** A key the planner did not name first is read on its own. */
    @Override
    public LastWrite get(String key) {
        if (!read.containsKey(key)) {
            prefetch(List.of(key));
        }
        return read.get(key);
    }
}
