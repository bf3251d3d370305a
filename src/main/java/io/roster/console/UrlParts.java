package io.roster.console;

import io.quarkus.qute.TemplateExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A value put in a link: {@code {person.url}} percent-encodes it, so a key or a filter with {@code /}, {@code ?},
 * {@code &} or {@code #} still names itself (HTML escaping, Qute's default, keeps it from being markup, not from being
 * read as part of the URL).
 */
@TemplateExtension
public final class UrlParts {

    private UrlParts() {
    }

    static String url(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
