package io.roster.targets.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last answer and ETag of each list page an account was asked for, so the next identical GET carries {@code
 * If-None-Match} and a {@code 304 Not Modified} is answered from here: Adobe asks integrations to send ETags, and answers an identical
 * GET beyond its cap (3 a minute on most plans) with 304 rather than 429 when it carries a matching one. Bounded by the
 * bytes it holds (least recently used go first); an answer larger than a tenth of that is not kept.
 */
public final class ConditionalGets {

    /** A kept answer. */
    public record Answer(String etag, byte[] body) {
    }

    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<String, Answer> answers = new LinkedHashMap<>(64, 0.75f, true);

    public ConditionalGets(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public synchronized Optional<Answer> get(String url) {
        return Optional.ofNullable(answers.get(url));
    }

    public synchronized void put(String url, String etag, byte[] body) {
        Answer old = answers.remove(url);
        if (old != null) {
            bytes -= old.body().length;
        }
        if (etag == null || etag.isBlank() || body.length > maxBytes / 10) {
            return;
        }
        answers.put(url, new Answer(etag, body));
        bytes += body.length;
        var it = answers.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, Answer> eldest = it.next();
            bytes -= eldest.getValue().body().length;
            it.remove();
        }
    }
}
