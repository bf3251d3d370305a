package io.roster.source.csv;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a CSV export is laid out. Defaults read the User Sync Tool's CSV: comma-separated UTF-8 with a header
 * row naming {@code firstname,lastname,email,country,groups,type,username,domain}.
 *
 * @param delimiter one character, or {@code tab}
 * @param encoding  a Java charset name; a leading UTF-8 byte order mark is always skipped
 * @param columns   renames: the name Roster uses (e.g. {@code email}) to the header in the file (e.g. {@code Mail})
 */
public record CsvFormatSpec(
        @JsonProperty("delimiter") String delimiter,
        @JsonProperty("encoding") String encoding,
        @JsonProperty("columns") Map<String, String> columns) {

    public CsvFormatSpec {
        delimiter = delimiter == null || delimiter.isEmpty() ? "," : delimiter;
        encoding = encoding == null || encoding.isBlank() ? "UTF-8" : encoding.trim();
        columns = columns == null ? Map.of() : new LinkedHashMap<>(columns);
    }

    public static CsvFormatSpec defaults() {
        return new CsvFormatSpec(null, null, null);
    }

    public char delimiterChar() {
        if ("tab".equalsIgnoreCase(delimiter) || "\\t".equals(delimiter)) {
            return '\t';
        }
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("source.delimiter must be one character or 'tab', not '" + delimiter + "'");
        }
        return delimiter.charAt(0);
    }

    public Charset charset() {
        try {
            return Charset.forName(encoding);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("source.encoding '" + encoding + "' is not a known character set", e);
        }
    }
}
