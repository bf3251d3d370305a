package io.roster.commands;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running service leaves beside the embedded state store it holds, for one-shot commands typed on the same
 * machine (or in the same pod): where its API listens and a token that opens the API to them. It is readable by its
 * owner only, as the store's own files should be: whoever can read it could read the store itself.
 *
 * @param api   the API's base address, e.g. {@code http://127.0.0.1:8080/}
 * @param token a secret made at the service's start, good until it stops
 */
public record LocalServiceFile(URI api, String token) {

    /** {@code jdbc:h2:file:./data/roster-state;…} (or {@code jdbc:h2:./data/…}): the store's file name, no suffix. */
    /** Any other {@code word:} after {@code jdbc:h2:} (mem, tcp, ssl, async, memFS, split, …) is not a plain file. */
    private static final Pattern H2_FILE = Pattern.compile("(?i)jdbc:h2:(?:file:)?(?![a-z][a-z0-9]+:)([^;]+)");

    /** The file beside an embedded store given by its JDBC address; none for a store in memory or on a server. */
    public static Optional<Path> beside(String jdbcUrl) {
        Matcher m = H2_FILE.matcher(jdbcUrl == null ? "" : jdbcUrl.strip());
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        String name = m.group(1).strip();
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.of(Path.of(name + ".service").toAbsolutePath().normalize());
    }

    public static Optional<LocalServiceFile> read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        String api = p.getProperty("api");
        String token = p.getProperty("token");
        if (api == null || token == null || token.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new LocalServiceFile(URI.create(api), token));
    }

    /** Written whole or not at all, owner-only from its first byte where the file system knows owners. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Properties p = new Properties();
        p.setProperty("api", api.toString());
        p.setProperty("token", token);
        StringWriter text = new StringWriter();
        p.store(text, "Roster's service, for one-shot commands beside it; removed when it stops");
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        // one open, new and not through a link, with its permissions: nothing can be swapped in between
        try (SeekableByteChannel out = ownerOnly(temp, options)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another process is writing " + temp, e);
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static SeekableByteChannel ownerOnly(Path temp, Set<OpenOption> options) throws IOException {
        try {
            return Files.newByteChannel(temp, options,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.newByteChannel(temp, options); // no POSIX owners here: the folder's own access rules apply
        }
    }

    /** Hides the token from any log or report that prints this value. */
    @Override
    public String toString() {
        return "LocalServiceFile[api=" + api + "]";
    }
}
