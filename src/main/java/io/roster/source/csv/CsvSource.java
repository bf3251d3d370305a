package io.roster.source.csv;

import io.roster.config.RosterConfig;
import io.roster.source.BundledSamples;
import io.roster.source.SourceReadException;
import io.roster.source.SourceRows;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A CSV source's read: the file the job's route picked up, as rows, in the job file's {@code source:} format. */
@ApplicationScoped
public class CsvSource {

    private final CsvRowReader reader = new CsvRowReader();
    private final RosterConfig config;
    private final CsvSettings files;

    public CsvSource(RosterConfig config, CsvSettings files) {
        this.config = config;
        this.files = files;
    }

    /** Reads a file; the bundled sample is refused for a live run unless roster.allow-samples says otherwise. */
    public SourceRows read(Path file, String job, boolean dryRun, CsvFormatSpec format) {
        BundledSamples.refuseLive(BundledSamples.isSample(file), dryRun, config.allowSamples(), job, file.toString(),
                "roster.csv." + job + ".dir");
        try (InputStream in = Files.newInputStream(file)) {
            return reader.read(in, file.toString(), format);
        } catch (IOException e) {
            throw new SourceReadException("could not open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a stream (a route that gives the content rather than a file). */
    public SourceRows read(InputStream in, String origin, CsvFormatSpec format) {
        return reader.read(in, origin, format);
    }

    /** No file was there to read: where it was looked for, and which settings say so. */
    public SourceReadException missing(String job) {
        CsvSettings.Location where = files.csv().get(job);
        return new SourceReadException("no CSV file was found to read"
                + (where == null ? "" : " at " + Path.of(where.dir(), where.file()).toAbsolutePath()
                        + " (roster.csv." + job + ".dir / .file)")
                + "; check the file endpoint in the job's route");
    }
}
