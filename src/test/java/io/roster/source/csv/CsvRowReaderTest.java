package io.roster.source.csv;

import io.roster.source.SourceReadException;
import io.roster.source.SourceRow;
import io.roster.source.SourceRows;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void bytesInvalidInTheDeclaredEncodingRejectOnlyTheirRecordWithLineAndOffset() {
        byte[] mixed = concat("email,firstname\nann@example.com,Ann\n".getBytes(StandardCharsets.UTF_8),
                "j@example.com,J\u00fcrgen\n".getBytes(StandardCharsets.ISO_8859_1),
                "bob@example.com,Bob\n".getBytes(StandardCharsets.UTF_8));
        SourceRows rows = read(mixed, CsvFormatSpec.defaults());

        assertEquals(3, rows.rows().size());
        assertNull(rows.rows().get(0).fault());
        assertNull(rows.rows().get(2).fault(), "the record after the bad bytes is read as it is");
        SourceRow.Fault bad = rows.rows().get(1).fault();
        assertEquals("firstname", bad.field());
        assertTrue(bad.reason().contains("not valid UTF-8 at byte offset 51 (line 3): 0xFC"), bad.reason());
        assertNull(rows.incomplete());
    }

    @Test
    void aFileMostlyInAnotherEncodingIsRefusedAsAWhole() {
        StringBuilder csv = new StringBuilder("email,firstname\n");
        for (int i = 0; i <= CsvRowReader.MAX_BAD_LINES; i++) {
            csv.append("p").append(i).append("@example.com,J\u00fcrgen\n");
        }
        SourceReadException e = assertThrows(SourceReadException.class,
                () -> read(csv.toString().getBytes(StandardCharsets.ISO_8859_1), CsvFormatSpec.defaults()));
        assertTrue(e.getMessage().contains("likely in another encoding") && e.getMessage().contains("source.encoding"),
                e.getMessage());
    }

    @Test
    void aByteOrderMarkOfAnotherEncodingNamesItAndTheSetting() {
        byte[] utf16 = "\uFEFFemail,firstname\na@example.com,Ann\n".getBytes(StandardCharsets.UTF_16LE);
        SourceReadException e = assertThrows(SourceReadException.class, () -> read(utf16, CsvFormatSpec.defaults()));
        assertTrue(e.getMessage().contains("UTF-16LE byte order mark") && e.getMessage().contains("source.encoding: UTF-16LE"),
                e.getMessage());

        SourceRows rows = read(utf16, new CsvFormatSpec(null, "UTF-16LE", Map.of()));
        assertEquals("Ann", rows.rows().get(0).get("firstname"), "read as declared");
        assertEquals("email", rows.columns().get(0));
    }

    @Test
    void anEmptyOrHeaderOnlyFileIsRefusedSayingSo() {
        SourceReadException empty = assertThrows(SourceReadException.class, () -> read(new byte[0], CsvFormatSpec.defaults()));
        assertTrue(empty.getMessage().contains("test.csv is empty (0 bytes)"), empty.getMessage());
        SourceReadException header = assertThrows(SourceReadException.class,
                () -> read("email,firstname\n".getBytes(StandardCharsets.UTF_8), CsvFormatSpec.defaults()));
        assertTrue(header.getMessage().contains("has a header line (email, firstname) but no records"), header.getMessage());
    }

    @Test
    void aRecordWithMoreOrFewerFieldsThanTheHeaderIsRejectedOnItsOwn() {
        String csv = "email,firstname,lastname\n"
                + "a@example.com,Ann,Able\n"
                + "b@example.com,Bob,Baker,extra\n"
                + "c@example.com,Cy\n"
                + "d@example.com,Di,Dee\n";
        SourceRows rows = read(csv.getBytes(StandardCharsets.UTF_8), CsvFormatSpec.defaults());
        assertEquals(4, rows.rows().size());
        assertNull(rows.rows().get(0).fault());
        assertEquals("has 4 fields where the header has 3 (an unquoted delimiter in a value, or a value that should have"
                + " been quoted?)", rows.rows().get(1).fault().reason());
        assertEquals(3, rows.rows().get(1).line());
        assertTrue(rows.rows().get(2).fault().reason().startsWith("has 2 fields where the header has 3"));
        assertNull(rows.rows().get(3).fault());
    }

    @Test
    void aWideRowIsRejectedOnItsOwn() {
        StringBuilder wide = new StringBuilder("email,firstname\n");
        wide.append("w@example.com");
        for (int i = 0; i < 50_000; i++) {
            wide.append(",x");
        }
        wide.append("\na@example.com,Ann\n");
        SourceRows rows = read(wide.toString().getBytes(StandardCharsets.UTF_8), CsvFormatSpec.defaults());
        assertTrue(rows.rows().get(0).fault().reason().startsWith("has 50001 fields"));
        assertNull(rows.rows().get(1).fault());
        assertEquals(2, rows.rows().get(0).values().size(), "only the header's columns are kept");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void aRenameToAColumnTheFileLacksNamesBoth() {
        CsvFormatSpec spec = new CsvFormatSpec(null, null, Map.of("email", "E-Mail"));
        SourceReadException e = assertThrows(SourceReadException.class,
                () -> read("mail,x\na@b.co,1\n".getBytes(StandardCharsets.UTF_8), spec));
        assertTrue(e.getMessage().contains("'E-Mail'") && e.getMessage().contains("source.columns.email"), e.getMessage());
    }

    @Test
    void anUnclosedQuoteNamesTheLineItOpensOnAndTheRecordsBeforeItStand() {
        byte[] broken = "email,firstname\na@example.com,Ann\nb@example.com,\"Bob\nc@example.com,Cy\n"
                .getBytes(StandardCharsets.UTF_8);
        SourceRows rows = read(broken, CsvFormatSpec.defaults());
        assertEquals(2, rows.rows().size());
        assertEquals("Ann", rows.rows().get(0).get("firstname"));
        assertNull(rows.rows().get(0).fault());
        SourceRow.Fault quote = rows.rows().get(1).fault();
        assertTrue(quote.reason().startsWith("a quote opens in the record that starts on line 3 and is never closed"),
                quote.reason());
        assertEquals(3, rows.rows().get(1).line());
        assertTrue(rows.incomplete() != null && rows.incomplete().contains("line 3"), "the read is marked incomplete");
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
        SourceRows cut = read(inAQuote, CsvFormatSpec.defaults());
        assertEquals(3, cut.rows().size(), "an open quote at the end: the two whole records, and the cut one rejected");
        assertTrue(cut.rows().get(2).fault() != null && cut.incomplete() != null, "and the read is incomplete");
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
