package io.roster.mapping;

import java.text.Normalizer;

/**
 * Text in one Unicode form (NFC), so "é" typed as one character or as e + a combining accent is the same text. Every
 * value of a million-person run passes here: text with no character from U+0300 up (combining marks and every script
 * that composes start there) is already NFC and is returned as it is, without the normaliser's copy.
 */
public final class Nfc {

    private Nfc() {
    }

    public static String of(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '\u0300') {
                return Normalizer.normalize(s, Normalizer.Form.NFC);
            }
        }
        return s;
    }
}
