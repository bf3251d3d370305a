package io.roster.source.csv;

import io.roster.run.RosterConfig;
import io.roster.run.SyncRun;
import io.roster.source.BundledSamples;
import io.roster.source.SourceReadException;
import io.roster.source.SourceRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The route step that turns the file Camel picked up into rows, using the job file's {@code source:} format. */
@ApplicationScoped
@Named("csvSource")
public class CsvSource {

    private final CsvRowReader reader = new CsvRowReader();
    private final RosterConfig config;

    public CsvSource(RosterConfig config) {
        this.config = config;
    }

    public SourceRows read(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        Object body = exchange.getIn().getBody();
        if (body == null) {
            RosterConfig.CsvLocation where = config.csv().get(run.job());
            throw new SourceReadException("no CSV file was found to read"
                    + (where == null ? "" : " at " + Path.of(where.dir(), where.file()).toAbsolutePath()
                            + " (roster.csv." + run.job() + ".dir / .file)")
                    + "; check the file endpoint in the job's route");
        }
        if (body instanceof GenericFile<?> gf && gf.getFile() instanceof File f) {
            BundledSamples.refuseLive(BundledSamples.isSample(f.toPath()), run.dryRun(),
                    config.allowSamples(), run.job(), f.getPath(), "roster.csv." + run.job() + ".dir");
            try (InputStream in = Files.newInputStream(f.toPath())) {
                return reader.read(in, f.getPath(), run.spec().source());
            } catch (IOException e) {
                throw new SourceReadException("could not open " + f.getPath() + ": " + e.getMessage(), e);
            }
        }
        InputStream in = exchange.getIn().getMandatoryBody(InputStream.class);
        return reader.read(in, exchange.getIn().getHeader(Exchange.FILE_NAME, "the CSV input", String.class),
                run.spec().source());
    }
}
