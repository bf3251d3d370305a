package io.roster.source.csv;

import io.roster.source.SourceReadException;
import io.roster.source.SourceRows;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvRowReaderTest {

    private final CsvRowReader reader = new CsvRowReader();

    private SourceRows read(byte[] bytes, CsvFormatSpec spec) {
        return reader.read(new ByteArrayInputStream(bytes), "test.csv", spec);
    }

    @Test
    void skipsTheByteOrderMarkAndKeepsQuotedCommasAndLineBreaks() {
        String csv = "\uFEFFemail,firstname,groups\n"
                + "a@example.com,\"Ann\nMarie\",\"Sales,Admins\"\n"
                + "b@example.com,Bob,Sales\n";
        SourceRows rows = read(csv.getBytes(StandardCharsets.UTF_8), CsvFormatSpec.defaults());

        assertEquals("email", rows.columns().get(0), "the BOM is not part of the first header");
        assertEquals("Ann\nMarie", rows.rows().get(0).get("firstname"));
        assertEquals("Sales,Admins", rows.rows().get(0).get("groups"));
        assertEquals(2, rows.rows().get(0).line());
        assertEquals(4, rows.rows().get(1).line(), "the second record starts after the two-line field");
        assertEquals(2, rows.rows().get(1).row());
    }

    @Test
    void readsOtherDelimitersEncodingsAndRenamedColumns() {
        String csv = "Mail;Vorname\njurgen@example.com;Jürgen\n";
        CsvFormatSpec spec = new CsvFormatSpec(";", "windows-1252", Map.of("email", "Mail", "firstname", "Vorname"));
        SourceRows rows = read(csv.getBytes(Charset.forName("windows-1252")), spec);

        assertEquals("Jürgen", rows.rows().get(0).get("firstname"));
        assertEquals("jurgen@example.com", rows.rows().get(0).get("email"));
    }

    @Test
    void bytesInvalidInTheDeclaredEncodingFailTheRead() {
        byte[] latin1 = "email,firstname\nj@example.com,J\u00fcrgen\n".getBytes(StandardCharsets.ISO_8859_1);
        SourceReadException e = assertThrows(SourceReadException.class, () -> read(latin1, CsvFormatSpec.defaults()));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void aRenameToAColumnTheFileLacksNamesBoth() {
        CsvFormatSpec spec = new CsvFormatSpec(null, null, Map.of("email", "E-Mail"));
        SourceReadException e = assertThrows(SourceReadException.class,
                () -> read("mail,x\na@b.co,1\n".getBytes(StandardCharsets.UTF_8), spec));
        assertTrue(e.getMessage().contains("'E-Mail'") && e.getMessage().contains("source.columns.email"), e.getMessage());
    }

    @Test
    void anUnclosedQuoteFailsTheWholeRead() {
        byte[] broken = "email,firstname\na@example.com,\"Ann\nb@example.com,Bob\n".getBytes(StandardCharsets.UTF_8);
        assertThrows(SourceReadException.class, () -> read(broken, CsvFormatSpec.defaults()));
    }
}
