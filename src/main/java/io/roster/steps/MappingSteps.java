package io.roster.steps;

import io.roster.config.JobConfigException;
import io.roster.mapping.CleanUp;
import io.roster.mapping.CleanUpSettings;
import io.roster.mapping.MappedPeople;
import io.roster.mapping.PersonMapper;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.source.RowStream;
import io.roster.source.SourceRow;
import io.roster.source.SourceRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.util.List;

/** The map stage: rows → people, with the job's mapping; what was read and rejected is counted on the run's report. */
@ApplicationScoped
@Named("mapping")
public class MappingSteps {

    private final PersonMapper mapper = new PersonMapper();
    private final CleanUp cleanUp;

    public MappingSteps(CleanUpSettings config) {
        this.cleanUp = new CleanUp(config.trimSpaces(), config.foldLineBreaks());
    }

    /** A whole read (CSV, LDAP for Sign): its people, and its counts as the next run's "last count". */
    public MappedPeople map(@Body SourceRows rows, @ExchangeProperty(Run.PROPERTY) Run run) {
        MappedPeople people = mapped(rows, run);
        run.report().wholeRead(people.records(), people.people().size(), people.incomplete());
        return people;
    }

    /** One batch of a streaming read (SQL, LDAP for Signature 365): mapped on its own; people are counted as they pass. */
    public MappedPeople mapBatch(@Body List<SourceRow> rows, @ExchangeProperty(Run.PROPERTY) Run run,
                                 @ExchangeProperty(OpenReads.READ) RowStream read) {
        run.continueOrStop();
        MappedPeople people = mapped(new SourceRows(read.origin(), read.columns(), rows), run);
        run.report().streamedPeople(people.people().size());
        return people;
    }

    private MappedPeople mapped(SourceRows rows, Run run) {
        MappedPeople people;
        try {
            people = mapper.map(rows, run.spec().mapping(), cleanUp);
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(e.getMessage(), e);
        }
        RunReport report = run.report();
        report.count(Count.PROCESSED, people.records());
        report.rejected(people.rejections().size());
        report.cleanedUp(people.cleanedUp());
        return people;
    }
}
