package io.roster.source.csv;

import io.roster.source.RowValues;
import io.roster.source.SourceReadException;
import io.roster.source.SourceRow;
import io.roster.source.SourceRows;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CSV export into {@link SourceRows}: the header row names the columns, quoted fields may hold the
 * delimiter and line breaks, a UTF-8 byte order mark is skipped, and renamed columns appear under Roster's name.
 * A record the reader cannot trust — another number of fields than the header, bytes that are not valid in the declared
 * encoding, a quote never closed — is delivered with its fault, to be rejected on its own with its line; the file is
 * refused as a whole only when it cannot be read as one (empty, header only, another encoding's byte order mark,
 * cut short mid-record, mostly undecodable). A broken quote ends the read there: what was read is marked incomplete.
 */
public final class CsvRowReader {

    /** Lines with bytes that do not decode beyond which the file is taken to be in another encoding as a whole. */
    static final int MAX_BAD_LINES = 1000;

    public SourceRows read(InputStream raw, String origin, CsvFormatSpec spec) {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(spec.delimiterChar())
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .get();
        // values are kept as written: the mapping trims ordinary spaces, and a tab or control byte at a value's end is
        // named by the record's check rather than trimmed away unseen
        LastCharacter last;
        DecodingReader decoded;
        try (BufferedInputStream in = new BufferedInputStream(raw);
             Reader reader = last = new LastCharacter(skipByteOrderMark(new BufferedReader(
                     decoded = new DecodingReader(checkedStart(in, origin, spec), spec.charset(), MAX_BAD_LINES))));
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            List<String> header = parser.getHeaderNames().stream().map(String::strip).toList();
            if (header.isEmpty() || header.size() == 1 && header.get(0).isEmpty()) {
                throw new SourceReadException(origin + " has no header line (the first line must name the columns)");
            }
            Map<String, String> rename = renames(header, spec, origin);
            List<String> columns = header.stream().map(h -> rename.getOrDefault(h, h)).toList();
            RowValues.Columns shared = new RowValues.Columns(columns);
            List<SourceRow> rows = new ArrayList<>();
            long nextLine = parser.getCurrentLineNumber() + 1;
            CSVRecord lastRecord = null;
            long lastLine = 0;
            String incomplete = null;
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    // Commons CSV cannot go on past a broken quote: the records before it stand, the rest is unread
                    incomplete = brokenQuote(nextLine, e);
                    rows.add(new SourceRow(rows.size() + 1L, nextLine, new RowValues(shared, new String[header.size()]),
                            null, new SourceRow.Fault(RECORD, incomplete)));
                    break;
                }
                long endLine = parser.getCurrentLineNumber();
                String[] values = new String[header.size()];
                for (int i = 0; i < header.size() && i < record.size(); i++) {
                    values[i] = record.get(i);
                }
                rows.add(new SourceRow(rows.size() + 1L, nextLine, new RowValues(shared, values), null,
                        fault(record, header, columns, decoded.badBytesIn(nextLine, Math.max(nextLine, endLine)), spec)));
                lastRecord = record;
                lastLine = nextLine;
                nextLine = endLine + 1;
            }
            if (decoded.badLines() > MAX_BAD_LINES) {
                throw new SourceReadException(origin + ": " + decoded.badLines() + " lines hold bytes that are not valid "
                        + spec.encoding() + ", so the file is likely in another encoding; set source.encoding in the job"
                        + " file to the file's encoding (e.g. windows-1252, UTF-16LE); nobody was read from it");
            }
            // A copy or an export cut short ends mid-record: that is a failed read, never a smaller source
            if (incomplete == null && lastRecord != null && !last.endedWithLineBreak() && lastRecord.size() < header.size()) {
                throw new SourceReadException(origin + " ends in the middle of a record: line " + lastLine + " has "
                        + lastRecord.size() + " of the header's " + header.size() + " fields and no line break after it,"
                        + " so the file looks cut short (a copy or export that did not finish); nobody was read from it");
            }
            if (rows.isEmpty()) {
                throw new SourceReadException(origin + " has a header line (" + String.join(", ", header)
                        + ") but no records; a source that names nobody is refused rather than taken as everyone gone");
            }
            return new SourceRows(origin, columns, rows, incomplete == null ? null : origin + ": " + incomplete);
        } catch (UncheckedIOException | IllegalStateException e) {
            // a broken header line
            throw new SourceReadException("could not parse the header line of " + origin + ": " + rootMessage(e), e);
        } catch (IOException e) {
            throw new SourceReadException("could not read " + origin + ": " + rootMessage(e), e);
        } catch (IllegalArgumentException e) {
            throw new SourceReadException("could not read " + origin + ": " + e.getMessage(), e);
        }
    }

    /** The field a record-wide fault is reported under. */
    static final String RECORD = "(record)";

    /** What is wrong with a record as read, before any mapping, or null. */
    private static SourceRow.Fault fault(CSVRecord record, List<String> header, List<String> columns,
                                         DecodingReader.BadBytes bad, CsvFormatSpec spec) {
        if (record.size() != header.size()) {
            return new SourceRow.Fault(RECORD, "has " + record.size() + (record.size() == 1 ? " field" : " fields")
                    + " where the header has " + header.size() + (record.size() > header.size()
                    ? " (an unquoted delimiter in a value, or a value that should have been quoted?)"
                    : " (a missing delimiter, or a line break in an unquoted value?)"));
        }
        if (bad != null) {
            String field = RECORD;
            for (int i = 0; i < record.size(); i++) {
                if (record.get(i).indexOf('\uFFFD') >= 0) {
                    field = columns.get(i);
                    break;
                }
            }
            return new SourceRow.Fault(field, "bytes that are not valid " + spec.encoding() + " at byte offset "
                    + bad.offset() + " (line " + bad.line() + "): " + bad.hex() + "; if the whole file is in another"
                    + " encoding, set source.encoding in the job file");
        }
        return null;
    }

    private static String brokenQuote(long line, RuntimeException e) {
        String cause = rootMessage(e);
        if (cause.contains("EOF reached before encapsulated token finished")) {
            return "a quote opens in the record that starts on line " + line + " and is never closed, so everything"
                    + " from there to the end of the file would be one value; the records before line " + line
                    + " were read, none after it";
        }
        return "the record that starts on line " + line + " cannot be parsed (" + cause + "); the records before it"
                + " were read, none after it";
    }

    /**
     * The input after checking how it starts: an empty file, or a byte order mark of an encoding other than the
     * declared one, refuses the file with the setting to change.
     */
    private static InputStream checkedStart(BufferedInputStream in, String origin, CsvFormatSpec spec) throws IOException {
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length == 0) {
            throw new SourceReadException(origin + " is empty (0 bytes)");
        }
        String marked = byteOrderMark(head);
        String declared = spec.charset().name();
        if (marked != null && !declared.equalsIgnoreCase(marked) && !(marked.startsWith("UTF-16") && declared.equals("UTF-16"))
                && !(marked.startsWith("UTF-32") && declared.equals("UTF-32"))) {
            throw new SourceReadException(origin + " starts with a " + marked + " byte order mark, but it is read as "
                    + spec.encoding() + "; set source.encoding: " + marked + " in the job file, or save the file as UTF-8");
        }
        if (head.length == 3 && marked != null && marked.equals("UTF-8")) {
            throw new SourceReadException(origin + " is empty (only a byte order mark)");
        }
        return in;
    }

    /** The encoding a byte order mark names, or null. */
    private static String byteOrderMark(byte[] b) {
        int b0 = b[0] & 0xFF;
        int b1 = b.length > 1 ? b[1] & 0xFF : -1;
        int b2 = b.length > 2 ? b[2] & 0xFF : -1;
        int b3 = b.length > 3 ? b[3] & 0xFF : -1;
        if (b0 == 0x00 && b1 == 0x00 && b2 == 0xFE && b3 == 0xFF) {
            return "UTF-32BE";
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0x00 && b3 == 0x00) {
            return "UTF-32LE";
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return "UTF-16BE";
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return "UTF-16LE";
        }
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            return "UTF-8";
        }
        return null;
    }

    private static Map<String, String> renames(List<String> header, CsvFormatSpec spec, String origin) {
        Set<String> seen = new HashSet<>();
        for (String h : header) {
            if (!seen.add(h)) {
                throw new SourceReadException(origin + " names the column '" + h + "' twice in its header");
            }
        }
        Map<String, String> byHeader = new LinkedHashMap<>();
        spec.columns().forEach((rosterName, headerName) -> {
            if (!header.contains(headerName)) {
                throw new SourceReadException(origin + " has no column '" + headerName + "' (source.columns."
                        + rosterName + "); its columns are " + header);
            }
            byHeader.put(headerName, rosterName);
        });
        return byHeader;
    }

    private static Reader skipByteOrderMark(Reader reader) throws IOException {
        PushbackReader pushback = new PushbackReader(reader, 1);
        int first = pushback.read();
        if (first != -1 && first != '\uFEFF') {
            pushback.unread(first);
        }
        return pushback;
    }

    /** Remembers the last character read, to tell a file that ends with its last line's break from one cut short. */
    private static final class LastCharacter extends FilterReader {

        private int last = -1;

        LastCharacter(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                last = c;
            }
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                last = buf[off + n - 1];
            }
            return n;
        }

        boolean endedWithLineBreak() {
            return last == '\n' || last == '\r';
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
