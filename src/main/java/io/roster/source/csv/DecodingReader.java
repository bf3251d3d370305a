package io.roster.source.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes a file's bytes as {@link java.io.InputStreamReader} would, except that bytes which are not valid in the
 * charset do not end the read: each such sequence becomes U+FFFD and is noted with its byte offset and line, so that
 * only the record holding it is rejected and the records around it sync. Lines are counted by line feeds.
 */
final class DecodingReader extends Reader {

    /** Bytes that did not decode: where they start in the file (0-based) and on which line, as hex. */
    record BadBytes(long offset, long line, String hex) {
    }

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(16 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(16 * 1024);
    private final Map<Long, BadBytes> badByLine = new HashMap<>();
    private final int maxBadLines;
    private long bytesBefore; // bytes dropped from the buffer's front so far
    private long line = 1;
    private boolean eof;
    private boolean flushed;
    private long badLines;

    DecodingReader(InputStream in, Charset charset, int maxBadLines) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.maxBadLines = maxBadLines;
        bytes.flip();
        chars.flip();
    }

    /** The first bad bytes of each line from {@code first} to {@code last}, in order; null when there are none. */
    BadBytes badBytesIn(long first, long last) {
        if (badByLine.isEmpty()) {
            return null;
        }
        for (long l = first; l <= last; l++) {
            BadBytes b = badByLine.get(l);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /** How many lines held bytes that did not decode. */
    long badLines() {
        return badLines;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        return n;
    }

    /** Decodes the next characters into the buffer; false at the end of the input. */
    private boolean fill() throws IOException {
        if (flushed) {
            return false;
        }
        chars.clear();
        try {
            while (chars.position() == 0) {
                if (!eof && bytes.remaining() < 64) {
                    readMore();
                }
                int from = chars.position();
                CoderResult r = decoder.decode(bytes, chars, eof);
                countLines(from);
                if (r.isError()) {
                    if (chars.remaining() == 0) {
                        break; // room for the replacement next time
                    }
                    noteBad(r.length());
                    chars.put('\uFFFD');
                } else if (r.isOverflow()) {
                    break;
                } else if (eof) {
                    if (!flushed) {
                        flushed = true;
                        decoder.flush(chars);
                    }
                    break;
                } else {
                    readMore(); // the decoder wants the next bytes
                }
            }
        } finally {
            chars.flip();
        }
        return chars.hasRemaining();
    }

    private void readMore() throws IOException {
        bytesBefore += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private void countLines(int from) {
        for (int i = from; i < chars.position(); i++) {
            if (chars.get(i) == '\n') {
                line++;
            }
        }
    }

    private void noteBad(int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length; i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes.get(bytes.position() + i) & 0xFF));
        }
        long offset = bytesBefore + bytes.position();
        if (!badByLine.containsKey(line)) {
            badLines++;
            if (badByLine.size() < maxBadLines) {
                badByLine.put(line, new BadBytes(offset, line, hex.toString()));
            }
        }
        bytes.position(bytes.position() + length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
