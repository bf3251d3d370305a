package io.roster.mapping;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmailsTest {

    /** The rule isValid spells out by hand, as a pattern: the two must agree on every input. */
    private static final Pattern RULE = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

    @Test
    void theHandWrittenCheckAgreesWithTheRuleOnEveryShortString() {
        char[] alphabet = {'a', '@', '.', ' ', '\t', '\u00A0', 'é', '\u000B'};
        int checked = 0;
        for (int length = 0; length <= 6; length++) {
            int[] digits = new int[length];
            while (true) {
                StringBuilder s = new StringBuilder();
                for (int d : digits) {
                    s.append(alphabet[d]);
                }
                String candidate = s.toString();
                assertEquals(RULE.matcher(candidate).matches(), Emails.isValid(candidate), "'" + candidate + "'");
                checked++;
                int i = length - 1;
                while (i >= 0 && ++digits[i] == alphabet.length) {
                    digits[i--] = 0;
                }
                if (i < 0) {
                    break;
                }
            }
        }
        assertEquals(299_593, checked);
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
