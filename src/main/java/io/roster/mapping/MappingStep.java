package io.roster.mapping;

import io.roster.run.JobConfigException;
import io.roster.run.RosterConfig;
import io.roster.run.SyncRun;
import io.roster.source.RowStream;
import io.roster.source.SourceRow;
import io.roster.source.SourceRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.util.List;

/** The route step that maps the rows of one read with the job's mapping and keeps the result on the run. */
@ApplicationScoped
@Named("mapping")
public class MappingStep {

    private final PersonMapper mapper = new PersonMapper();
    private final CleanUp cleanUp;

    public MappingStep(RosterConfig config) {
        this.cleanUp = new CleanUp(config.cleanUp().trimSpaces(), config.cleanUp().foldLineBreaks());
    }

    public MappedPeople map(@Body SourceRows rows, @ExchangeProperty("run") SyncRun run) {
        MappedPeople people;
        try {
            people = mapper.map(rows, run.spec().mapping(), cleanUp);
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(e.getMessage(), e);
        }
        run.people(people);
        run.count(SyncRun.Count.PROCESSED, people.records());
        run.rejected(people.rejections().size());
        run.cleanedUp(people.cleanedUp());
        return people;
    }

    /** One batch of a streaming read (SQL): mapped on its own; the run counts people as they pass. */
    public MappedPeople mapBatch(@Body List<SourceRow> rows, @ExchangeProperty("run") SyncRun run,
                                 @ExchangeProperty("read") RowStream read) {
        run.continueOrStop();
        MappedPeople people;
        try {
            people = mapper.map(new SourceRows(read.origin(), read.columns(), rows), run.spec().mapping(), cleanUp);
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(e.getMessage(), e);
        }
        run.count(SyncRun.Count.PROCESSED, people.records());
        run.rejected(people.rejections().size());
        run.cleanedUp(people.cleanedUp());
        run.streamedPeople(people.people().size());
        return people;
    }
}
