package io.roster.mapping;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmailsTest {

    @Test
    void invisibleWideAndControlCharactersAreNamedWithTheirPosition() {
        assertEquals("contains an invisible formatting character (U+200B) at character 4", Emails.problem("ann\u200B@example.com"));
        assertEquals("contains a space character (U+00A0) at character 4", Emails.problem("ann\u00A0@example.com"));
        assertEquals("contains a control character (U+0000) at character 4", Emails.problem("ann\u0000@example.com"));
        assertEquals("contains a control character (U+0009) at character 1", Emails.problem("\tann@example.com"));
        assertEquals("contains a full-width character (U+FF0E) at character 12", Emails.problem("ann@example\uFF0Ecom"));
        assertEquals("has no @", Emails.problem("ann\uFF20example.com"), "a full-width @ is no @");
        assertEquals("contains an invisible formatting character (U+202E) at character 2", Emails.problem("a\u202Enn@example.com"));
        assertEquals("contains a space (U+0020) at character 4", Emails.problem("ann lee@example.com"));
        assertEquals("has more than one @ (one address per field)", Emails.problem("ann@example.com,bob@example.com"));
    }

    @Test
    void lengthsDotsAndHyphensFollowTheMailStandards() {
        String local64 = "a".repeat(64);
        assertNull(Emails.problem(local64 + "@example.com"));
        assertTrue(Emails.problem("a" + local64 + "@example.com").contains("65 characters before the @; at most 64"));
        String long255 = "a@" + ("b".repeat(60) + ".").repeat(4) + "example.com";
        assertTrue(Emails.problem(long255).startsWith("is " + long255.length() + " characters long; an address has at most 254"));
        assertTrue(Emails.problem("a@" + "b".repeat(64) + ".com").contains("longer than 63"));
        assertEquals("has a leading, trailing or doubled dot before the @", Emails.problem(".ann@example.com"));
        assertEquals("has a leading, trailing or doubled dot before the @", Emails.problem("ann.@example.com"));
        assertEquals("has a leading, trailing or doubled dot before the @", Emails.problem("a..nn@example.com"));
        assertEquals("has a domain label that starts or ends with a hyphen ('-example')", Emails.problem("ann@-example.com"));
        assertEquals("has a domain label that starts or ends with a hyphen ('example-')", Emails.problem("ann@example-.com"));
        assertNull(Emails.problem("ann@my-example.com"));
        assertNull(Emails.problem("jürgen@bücher.de"), "letters beyond ASCII are letters");
        assertNull(Emails.problem("ann.lee+tag@mail.example.co.uk"));
    }

    @Test
    void typicalAddresses() {
        assertTrue(Emails.isValid("ann.lee@example.co.uk"));
        assertTrue(Emails.isValid("a+tag@x.io"));
        assertFalse(Emails.isValid("ann@localhost"));
        assertFalse(Emails.isValid("ann@example..com"));
        assertFalse(Emails.isValid("ann@.example.com"));
        assertFalse(Emails.isValid("ann@example.com."));
        assertFalse(Emails.isValid("ann lee@example.com"));
        assertFalse(Emails.isValid("@example.com"));
        assertFalse(Emails.isValid("ann@@example.com"));
    }

    @Test
    void theKeyOfACleanedAddressIsItsKey() {
        String raw = "  Ann.Lee@Exam\u0301ple.com ";
        assertEquals(Emails.key(raw), Emails.keyOfClean(Emails.clean(raw)));
    }
}
