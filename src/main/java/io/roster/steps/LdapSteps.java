package io.roster.steps;

import io.roster.plan.UserManagementRule;
import io.roster.source.SourceRows;
import io.roster.source.ldap.LdapRead;
import io.roster.source.ldap.LdapSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import java.util.LinkedHashSet;
import java.util.Set;

/** The source stage of an LDAP / Active Directory job: everyone at once (Sign), or a stream the route splits. */
@ApplicationScoped
@Named("ldapSource")
public class LdapSteps {

    private final LdapSource source;

    public LdapSteps(LdapSource source) {
        this.source = source;
    }

    public SourceRows read(@ExchangeProperty(Run.PROPERTY) Run run) {
        return source.read(request(run));
    }

    /** The rows, streamed; closed when the run's exchange completes, however it ends. */
    public LdapRead open(Exchange exchange) {
        return OpenReads.attach(exchange, source.open(request(exchange.getProperty(Run.PROPERTY, Run.class))));
    }

    private static LdapSource.Request request(Run run) {
        return new LdapSource.Request(run.job(), run.spec().ldap(), run.spec().mapping().columns(), ruleGroups(run), run.dryRun(),
                run.report(), run::sourceWatermark);
    }

    /** The directory groups the job's rules and scope name: the ones whose nested members matter. */
    private static Set<String> ruleGroups(Run run) {
        Set<String> names = new LinkedHashSet<>();
        if (run.spec().sign() != null) {
            run.spec().sign().rules().stream().map(UserManagementRule::directoryGroup).forEach(names::add);
            names.addAll(run.spec().sign().scope().groups());
        }
        return names;
    }
}
