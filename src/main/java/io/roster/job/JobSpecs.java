package io.roster.job;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.roster.config.JobConfigException;
import io.roster.config.RosterConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads job files; a typo or a bad value fails the run with the file, the place and the reason. */
@ApplicationScoped
public class JobSpecs {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final RosterConfig config;

    public JobSpecs(RosterConfig config) {
        this.config = config;
    }

    public Path file(String job) {
        return Path.of(config.configDir()).resolve(job + ".yaml");
    }

    /** The place in the file as the admin wrote it, e.g. {@code sign.user_management[2]}. */
    private static String yamlPath(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                s.append(s.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    public JobSpec load(String job) {
        Path file = file(job);
        if (!Files.isRegularFile(file)) {
            throw new JobConfigException("job '" + job + "' has no job file at " + file.toAbsolutePath()
                    + " (roster.config-dir=" + config.configDir() + ")");
        }
        String text = null;
        try {
            text = Files.readString(file);
            JobSpec spec = yaml.readValue(text, JobSpec.class);
            return spec == null ? new JobSpec(null, null, null) : spec;
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String where = e.getPath().isEmpty() ? "" : " at " + yamlPath(e);
            String why = cause == e ? e.getOriginalMessage() : cause.getMessage();
            // the place the admin wrote, found by the path; Jackson's own location is where it noticed, often the end
            List<JobFilePlaces.Step> path = e.getPath().stream()
                    .map(r -> new JobFilePlaces.Step(r.getFieldName(), r.getIndex())).toList();
            String line = JobFilePlaces.locate(text, path, why).map(l -> " (" + l + ")")
                    .orElse(e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")");
            throw new JobConfigException("job file " + file + line + where + ": " + why, e);
        } catch (IOException e) {
            throw new JobConfigException("job file " + file + " could not be read: " + e.getMessage(), e);
        }
    }
}
