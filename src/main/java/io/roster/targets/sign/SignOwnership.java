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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Sign users each job manages: the claims its runs record (the people its source holds in each account), read
 * back as the {@link History.OtherJobs} a plan consults. Users nobody ever claimed are judged by the journal, as
 * before claims were kept: another job's when it last wrote them as a person of its source.
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
            public String owner(String org, String key) {
                return owners.computeIfAbsent(org, a -> new Ownership(job, claims.shared(job, target(a))))
                        .firstClaimant(key);
            }
        };
    }

    /** The job's source, read whole, holds these people now: each account's claims follow it. */
    public void claim(String job, MappedPeople people, Collection<String> orgs, SignSyncRules rules) {
        planner.addressed(people, orgs, rules).forEach((org, keys) ->
                claims.hold(job, target(org), keys, people.held()));
    }

    private static String target(String org) {
        return "sign:" + org;
    }
}
