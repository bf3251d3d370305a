package io.roster.commands;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.roster.job.JobSpec;
import io.roster.steps.Runs;

/**
 * What a native image must keep for reflection, beyond what Quarkus finds itself (REST return types, CDI): the job
 * file's types, which Jackson builds from YAML through their {@code @JsonCreator}s; the records the check and
 * discover modes print as JSON, and those read back from the service's API beside it; and the beans the YAML routes call by method name, which Camel's bean binding looks
 * up by reflection.
 */
@RegisterForReflection(targets = {
        // job files
        JobSpec.class,
        io.roster.source.csv.CsvFormatSpec.class,
        io.roster.source.sql.SqlSourceSpec.class,
        io.roster.source.ldap.LdapSourceSpec.class,
        io.roster.source.ldap.LdapSourceSpec.Groups.class,
        io.roster.source.ldap.LdapSourceSpec.Membership.class,
        io.roster.source.ldap.LdapSourceSpec.Nesting.class,
        io.roster.source.ldap.LdapSourceSpec.Incremental.class,
        io.roster.mapping.MappingSpec.class,
        io.roster.mapping.FieldRule.class,
        io.roster.mapping.FieldRule.Condition.class,
        io.roster.plan.SignSyncRules.class,
        io.roster.plan.UserManagementRule.class,
        io.roster.plan.ConflictPolicy.class,
        io.roster.plan.Signature365Rules.class,
        io.roster.plan.HoldRules.class,
        io.roster.plan.HoldRules.Kind.class,
        io.roster.plan.Signature365Rules.Vanished.class,
        // printed by roster.check and roster.discover
        io.roster.job.ConnectionCheck.Result.class,
        io.roster.job.ConnectionCheck.Outcome.class,
        io.roster.source.sql.SchemaDiscovery.Table.class,
        io.roster.state.Plans.Plan.class,
        io.roster.state.Plans.Planned.class,
        io.roster.state.HeldAction.class,
        io.roster.commands.HeldCommands.Decided.class,
        io.roster.source.sql.SchemaDiscovery.Column.class,
        // read back from the service's answers by commands typed beside it (ServiceCommands)
        io.roster.state.DeadLetter.class,
        io.roster.state.RemovalBaseline.class,
        io.roster.commands.DeadLetterCommands.RetryResult.class,
        // route steps (bean: ref: … method: …), and the bodies the routes' expressions read (${body.rejections}, …)
        Runs.class,
        io.roster.steps.CsvSteps.class,
        io.roster.steps.SqlSteps.class,
        io.roster.steps.LdapSteps.class,
        io.roster.steps.MappingSteps.class,
        io.roster.steps.SignSteps.class,
        io.roster.steps.SignInputsAggregation.class,
        io.roster.steps.Signature365Steps.class,
        io.roster.steps.DeadLetterSteps.class,
        io.roster.steps.UndoSteps.class,
        io.roster.mapping.MappedPeople.class,
        io.roster.targets.signature365.Signature365Planned.class,
        io.roster.observe.JobReachability.class
})
final class NativeReflection {

    private NativeReflection() {
    }
}
