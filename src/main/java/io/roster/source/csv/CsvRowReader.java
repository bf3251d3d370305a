package io.roster.source.csv;

import io.roster.source.RowValues;
import io.roster.source.SourceReadException;
import io.roster.source.SourceRow;
import io.roster.source.SourceRows;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CSV export into {@link SourceRows}: the header row names the columns, quoted fields may hold the
 * delimiter and line breaks, a UTF-8 byte order mark is skipped, and renamed columns appear under Roster's name.
 * Bytes that are not valid in the declared encoding fail the read rather than turn names into garbage.
 */
public final class CsvRowReader {

    public SourceRows read(InputStream in, String origin, CsvFormatSpec spec) {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(spec.delimiterChar())
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        var decoder = spec.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        LastCharacter last;
        try (Reader reader = last = new LastCharacter(skipByteOrderMark(new BufferedReader(new InputStreamReader(in, decoder))));
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            List<String> header = parser.getHeaderNames();
            Map<String, String> rename = renames(header, spec, origin);
            List<String> columns = header.stream().map(h -> rename.getOrDefault(h, h)).toList();
            List<SourceRow> rows = new ArrayList<>();
            long nextLine = parser.getCurrentLineNumber() + 1;
            CSVRecord lastRecord = null;
            long lastLine = 0;
            RowValues.Columns shared = new RowValues.Columns(columns);
            for (CSVRecord record : parser) {
                String[] values = new String[header.size()];
                for (int i = 0; i < header.size() && i < record.size(); i++) {
                    values[i] = record.get(i);
                }
                rows.add(new SourceRow(rows.size() + 1L, nextLine, new RowValues(shared, values)));
                lastRecord = record;
                lastLine = nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
            }
            // A copy or an export cut short ends mid-record: that is a failed read, never a smaller source
            if (lastRecord != null && !last.endedWithLineBreak() && lastRecord.size() < header.size()) {
                throw new SourceReadException(origin + " ends in the middle of a record: line " + lastLine + " has "
                        + lastRecord.size() + " of the header's " + header.size() + " fields and no line break after it,"
                        + " so the file looks cut short (a copy or export that did not finish); nobody was read from it");
            }
            return new SourceRows(origin, columns, rows);
        } catch (CharacterCodingException e) {
            throw new SourceReadException(origin + " is not valid " + spec.encoding()
                    + " text; set source.encoding in the job file to the file's encoding (e.g. windows-1252)", e);
        } catch (UncheckedIOException | IllegalStateException e) {
            // Commons CSV reports a broken quote as an UncheckedIOException / IllegalStateException mid-iteration
            throw new SourceReadException("could not parse " + origin + ": " + rootMessage(e), e);
        } catch (IOException e) {
            throw new SourceReadException("could not read " + origin + ": " + rootMessage(e), e);
        } catch (IllegalArgumentException e) {
            throw new SourceReadException("could not read " + origin + ": " + e.getMessage(), e);
        }
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
