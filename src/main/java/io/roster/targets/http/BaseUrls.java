package io.roster.targets.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A target's base URL as an admin writes it. The User Sync Tool's configuration gives a bare host
 * ({@code host: api.na1.echosign.com}): that is read as {@code https://} the host. Anything that is still not an
 * http(s) URL with a host is refused, naming the setting and the fix.
 */
public final class BaseUrls {

    private BaseUrls() {
    }

    public static String of(String url, String setting) {
        String value = url == null ? "" : url.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(setting + " is empty; set it to the service's URL, e.g. https://api.echosign.com");
        }
        if (!value.contains("://")) {
            value = "https://" + value; // a bare host, as the User Sync Tool writes it
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                throw new IllegalArgumentException(setting + " is '" + url + "', which is not an http(s) URL with a host;"
                        + " set it like https://api.echosign.com");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + " is '" + url + "', which is not a URL (" + e.getReason()
                    + "); set it like https://api.echosign.com", e);
        }
        return value;
    }
}
