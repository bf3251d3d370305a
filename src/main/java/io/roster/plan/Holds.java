package io.roster.plan;

import io.roster.plan.HoldRules.Kind;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which of a run's planned changes go ahead and which wait for an admin: a pure function of the changes, the job's
 * {@link HoldRules}, and the admins' earlier decisions (by fingerprint: the same person, change and values after).
 * An approved change goes ahead whatever the limits; a rejected one never does; the rest of a kind whose count passes
 * its limit are held.
 */
public final class Holds {

    /**
     * @param go       the changes to apply (the approved ones among them)
     * @param held     the changes that wait for a decision
     * @param rejected the changes an admin rejected: neither applied nor held again
     * @param why      for each kind held, the one line that says why
     */
    public record Split<A>(List<A> go, List<A> held, List<A> rejected, List<String> why) {
    }

    private Holds() {
    }

    /**
     * @param kinds       the risky kinds a change is (none for a create or an ordinary update)
     * @param fingerprint a change's identity across runs
     * @param total       what a share is of (the account's active users; the people sent before)
     * @param where       names the account or target in the reason ("org primary")
     */
    public static <A> Split<A> split(List<A> changes, Function<A, Set<Kind>> kinds, Function<A, String> fingerprint,
                                     HoldRules rules, Set<String> approved, Set<String> rejected, long total,
                                     String where) {
        List<String> prints = changes.stream().map(fingerprint).toList();
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (int i = 0; i < changes.size(); i++) {
            if (!approved.contains(prints.get(i)) && !rejected.contains(prints.get(i))) {
                kinds.apply(changes.get(i)).forEach(k -> counts.merge(k, 1, Integer::sum));
            }
        }
        List<String> why = new ArrayList<>();
        Set<Kind> tripped = EnumSet.noneOf(Kind.class);
        counts.forEach((kind, n) -> {
            CountOrShare limit = rules.limits().get(kind);
            if (limit != null && n > limit.of(total)) {
                tripped.add(kind);
                why.add(where + ": " + n + " changes of kind " + kind.setting() + " exceed holds." + kind.setting() + " "
                        + limit + " (at most " + limit.of(total) + " of " + total + "); they are held for an admin's"
                        + " decision (roster held list)");
            }
        });
        return sort(changes, prints, approved, rejected, a -> kinds.apply(a).stream().anyMatch(tripped::contains), why);
    }

    /** Changes a limit withheld as a whole: each undecided one is held; approved ones go, rejected ones never do. */
    public static <A> Split<A> all(List<A> changes, Function<A, String> fingerprint, Set<String> approved,
                                   Set<String> rejected) {
        return sort(changes, changes.stream().map(fingerprint).toList(), approved, rejected, a -> true, List.of());
    }

    private static <A> Split<A> sort(List<A> changes, List<String> prints, Set<String> approved, Set<String> rejected,
                                     Predicate<A> risky, List<String> why) {
        List<A> go = new ArrayList<>();
        List<A> held = new ArrayList<>();
        List<A> no = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            A a = changes.get(i);
            String f = prints.get(i);
            if (approved.contains(f)) {
                go.add(a);
            } else if (rejected.contains(f)) {
                no.add(a);
            } else if (risky.test(a)) {
                held.add(a);
            } else {
                go.add(a);
            }
        }
        return new Split<>(go, held, no, why);
    }
}
