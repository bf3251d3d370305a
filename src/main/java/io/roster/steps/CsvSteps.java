package io.roster.steps;

import io.roster.source.SourceRows;
import io.roster.source.csv.CsvSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.component.file.GenericFile;

import java.io.File;
import java.io.InputStream;

/** The source stage of a CSV job: the file the route's file endpoint picked up → rows. */
@ApplicationScoped
@Named("csvSource")
public class CsvSteps {

    private final CsvSource source;

    public CsvSteps(CsvSource source) {
        this.source = source;
    }

    public SourceRows read(Exchange exchange) throws InvalidPayloadException {
        Run run = exchange.getProperty(Run.PROPERTY, Run.class);
        Object body = exchange.getIn().getBody();
        if (body == null) {
            throw source.missing(run.job());
        }
        if (body instanceof GenericFile<?> gf && gf.getFile() instanceof File f) {
            return source.read(f.toPath(), run.job(), run.dryRun(), run.spec().source());
        }
        return source.read(exchange.getIn().getMandatoryBody(InputStream.class),
                exchange.getIn().getHeader(Exchange.FILE_NAME, "the CSV input", String.class), run.spec().source());
    }
}
