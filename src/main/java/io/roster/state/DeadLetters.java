package io.roster.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.roster.mapping.Rejection;
import io.roster.plan.SignAction;
import io.roster.run.RosterConfig;
import io.roster.run.SyncRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dead-letter store: every record that could not be synced lands here with its reason — one JSON line per
 * record in {@code <roster.dead-letter-dir>/<job>.jsonl}. Reached from the routes' dead-letter channel
 * ({@code direct:dead-letter}) for failed writes, and for records the mapping rejected.
 */
@ApplicationScoped
@Named("deadLetters")
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|secret|token|key|credential).*");

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Path dir;

    public DeadLetters(RosterConfig config) {
        this.dir = Path.of(config.deadLetterDir());
    }

    /** Takes whatever failed — a rejected row or a target action — from the exchange the channel delivers. */
    public void store(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        Object body = exchange.getIn().getBody();
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        DeadLetter letter;
        if (body instanceof Rejection r) {
            letter = new DeadLetter(Instant.now(), run.job(), run.id(), "mapping", r.record(), r.message(), mask(r.data()));
            run.failed(r.key() == null ? r.record() : r.key(), null, "mapping", r.message());
        } else if (body instanceof SignAction a) {
            String reason = cause == null ? "unknown failure" : cause.getMessage();
            Map<String, String> data = new LinkedHashMap<>();
            data.put("email", a.email());
            data.put("org", a.org());
            data.put("action", a.reportName());
            data.put("detail", a.detail());
            data.put("source", a.source());
            a.profile().forEach(data::put);
            letter = new DeadLetter(Instant.now(), run.job(), run.id(), "sign-apply", a.email() + " in " + a.org(),
                    reason, data);
            run.failed(a.email(), a.org(), a.reportName(), reason);
        } else {
            String reason = cause == null ? "unknown failure" : cause.getMessage();
            letter = new DeadLetter(Instant.now(), run.job(), run.id(), "unknown", String.valueOf(body), reason, Map.of());
            run.failed(String.valueOf(body), null, null, reason);
        }
        LOG.warnf("dead letter: job %s, %s: %s", letter.job(), letter.record(), letter.reason());
        append(letter);
    }

    public List<DeadLetter> list(String job) {
        Path file = dir.resolve(job + ".jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .map(l -> {
                        try {
                            return json.readValue(l, DeadLetter.class);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void append(DeadLetter letter) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(letter.job() + ".jsonl"), json.writeValueAsString(letter) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The run's report still counts the failure; losing the file copy must be loud.
            LOG.errorf("could not write dead letter to %s: %s", dir, e.getMessage());
        }
    }

    static Map<String, String> mask(Map<String, String> data) {
        Map<String, String> out = new LinkedHashMap<>();
        data.forEach((k, v) -> out.put(k, SECRET_NAME.matcher(k).matches() ? "****" : v));
        return out;
    }
}
