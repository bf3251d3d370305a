package io.roster.mapping;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class NfcTest {

    @Test
    void composesWhatTheNormaliserComposesAndLeavesTheRestAsItIs() {
        assertEquals("Jos\u00e9", Nfc.of("Jose\u0301"));
        assertEquals("\ud55c", Nfc.of("\u1112\u1161\u11ab"), "Hangul jamo compose");
        String plain = "Zo\u00eb M\u00fcller-\u00c5berg";
        assertSame(plain, Nfc.of(plain), "already NFC below U+0300: no copy");
        for (char c = 0; c < '\u0300'; c++) {
            String s = "a" + c + "b";
            assertEquals(Normalizer.normalize(s, Normalizer.Form.NFC), s, "U+" + Integer.toHexString(c) + " is NFC as it is");
        }
    }
}
