package io.roster.targets.sign;

import io.roster.mapping.MappedPeople;
import io.roster.plan.History;
import io.roster.plan.Ownership;
import io.roster.plan.SignPlanner;
import io.roster.plan.SignSyncRules;
import io.roster.state.ChangeJournal;
import io.roster.state.Claims;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Sign users and groups each job manages: the claims its runs record (the people its source holds in each
 * account, the groups its rules name), read back as the {@link History.OtherJobs} a plan consults. Users nobody ever
 * claimed are judged by the journal, as before claims were kept: another job's when it last wrote them as a person
 * of its source.
 */
@ApplicationScoped
public class SignOwnership {

    private final Claims claims;
    private final ChangeJournal journal;
    private final SignPlanner planner = new SignPlanner();

    public SignOwnership(Claims claims, ChangeJournal journal) {
        this.claims = claims;
        this.journal = journal;
    }

    /** The other jobs of the accounts, as one job's plan sees them; each account's claims are read once, when asked. */
    public History.OtherJobs otherJobs(String job) {
        Map<String, Ownership> owners = new ConcurrentHashMap<>();
        Map<String, Set<String>> written = new ConcurrentHashMap<>();
        Map<String, Ownership> groupOwners = new ConcurrentHashMap<>();
        return new History.OtherJobs() {
            @Override
            public boolean manage(String org, String key) {
                Ownership o = owners.computeIfAbsent(org, a -> new Ownership(job, claims.shared(job, target(a))));
                if (!o.unknown(key)) {
                    return o.othersManage(key);
                }
                return written.computeIfAbsent(org, a -> journal.managedByOthers(job, target(a))).contains(key);
            }

            @Override
            public boolean manageGroup(String org, String group) {
                return group != null && groupOwners.computeIfAbsent(org, a -> new Ownership(job,
                        claims.shared(job, groups(a)))).othersOnly(group.toLowerCase(Locale.ROOT));
            }

            @Override
            public String owner(String org, String key) {
                return owners.computeIfAbsent(org, a -> new Ownership(job, claims.shared(job, target(a))))
                        .firstClaimant(key);
            }
        };
    }

    /** The job's source, read whole, holds these people now, and its rules name these groups: the claims follow. */
    public void claim(String job, MappedPeople people, Collection<String> orgs, SignSyncRules rules) {
        planner.addressed(people, orgs, rules).forEach((org, keys) ->
                claims.hold(job, target(org), keys, people.held()));
        for (String org : orgs) {
            claims.hold(job, groups(org), rules.rules().stream()
                    .filter(r -> r.org().equals(org) && r.signGroup() != null && !r.signGroup().isBlank())
                    .map(r -> r.signGroup().toLowerCase(Locale.ROOT)).distinct().toList(), Set.of());
        }
    }

    /** The claims on an account's groups: those the job's rules name. */
    private static String groups(String org) {
        return "sign-groups:" + org;
    }

    private static String target(String org) {
        return "sign:" + org;
    }
}
