package io.roster.source.csv;

import io.roster.run.SyncRun;
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

/** The route step that turns the file Camel picked up into rows, using the job file's {@code source:} format. */
@ApplicationScoped
@Named("csvSource")
public class CsvSource {

    private final CsvRowReader reader = new CsvRowReader();

    public SourceRows read(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        Object body = exchange.getIn().getBody();
        if (body == null) {
            throw new SourceReadException("no CSV file was found to read (check the route's file endpoint: folder and fileName)");
        }
        if (body instanceof GenericFile<?> gf && gf.getFile() instanceof File f) {
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
