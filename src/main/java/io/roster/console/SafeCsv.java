package io.roster.console;

import java.util.List;

/**
 * CSV that a spreadsheet opens as text: every cell quoted, and a cell that begins like a formula ({@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return) led by an apostrophe, so {@code =HYPERLINK(…)} from a source row
 * is shown, never run (OWASP, "CSV Injection").
 */
public final class SafeCsv {

    private SafeCsv() {
    }

    public static String row(List<String> cells) {
        StringBuilder out = new StringBuilder();
        for (String cell : cells) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(cell(cell));
        }
        return out.append("\r\n").toString();
    }

    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
