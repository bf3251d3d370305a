package io.roster.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A run's report: what the report file ({@code roster.report-dir}) and {@code roster run --json} hold. */
public final class RunReports {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private RunReports() {
    }

    public static Map<String, Object> of(RunReport run, Instant ended) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("job", run.job());
        report.put("runId", run.id());
        report.put("start", run.started());
        report.put("end", ended);
        report.put("dryRun", run.dryRun());
        report.put("startedBy", run.startedBy());
        if (run.resumedFrom() != null) {
            report.put("resumedFrom", run.resumedFrom());
        }
        report.put("outcome", run.outcome());
        report.put("exitCode", run.exitCode());
        if (run.error() != null) {
            report.put("error", run.error());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (RunReport.Count c : RunReport.Count.values()) {
            counts.put(c.name().toLowerCase(Locale.ROOT), run.count(c));
        }
        report.put("counts", counts);
        report.put("targetRequests", run.targetRequests());
        report.put("targetThrottled", run.targetThrottled());
        if (run.writeBackFailures() > 0) {
            report.put("writeBackFailures", run.writeBackFailures());
        }
        report.put("warnings", run.warnings());
        report.put("actions", run.entries());
        if (run.entriesOmitted() > 0) {
            report.put("actionsOmitted", run.entriesOmitted());
            report.put("allActions", "GET /roster/runs/" + run.id() + "/audit (the audit log has every change)");
        }
        return report;
    }

    /** Prints a command's answer as JSON, one document on one line: all a command with --json puts on standard output. */
    public static void print(PrintStream out, Object answer) {
        try {
            out.println(JSON.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the answer as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
