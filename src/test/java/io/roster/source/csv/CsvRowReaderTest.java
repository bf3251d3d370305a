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

    @Test
    void aFileCutShortInItsLastRecordIsAFailedReadNotASmallerSource() {
        String whole = "email,firstname,lastname,groups\na@example.com,Ann,Able,Sales\nb@example.com,Bob,Baker,Sales\n";
        for (int cut : new int[] {whole.indexOf("Bob") + 1, whole.indexOf(",Baker")}) {
            byte[] bytes = whole.substring(0, cut).getBytes(StandardCharsets.UTF_8);
            SourceReadException e = assertThrows(SourceReadException.class, () -> read(bytes, CsvFormatSpec.defaults()),
                    "cut at " + cut);
            assertTrue(e.getMessage().contains("test.csv ends in the middle of a record: line 3 has 2 of the header's 4"
                    + " fields"), e.getMessage());
        }
        byte[] inAQuote = (whole + "c@example.com,\"Cle").getBytes(StandardCharsets.UTF_8);
        assertThrows(SourceReadException.class, () -> read(inAQuote, CsvFormatSpec.defaults()), "an open quote at the end");
    }

    @Test
    void aWholeLastRecordNeedsNoFinalLineBreak() {
        String csv = "email,firstname\na@example.com,Ann\nb@example.com,Bob";
        assertEquals(2, read(csv.getBytes(StandardCharsets.UTF_8), CsvFormatSpec.defaults()).rows().size());
        String crlf = "email,firstname\r\na@example.com,Ann\r\nb@example.com\r\n";
        assertEquals(2, read(crlf.getBytes(StandardCharsets.UTF_8), CsvFormatSpec.defaults()).rows().size(),
                "a short line that ends with its line break is the mapping's to judge, not a cut");
    }
}
