package io.roster.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LocalServiceFileTest {

    @Test
    void liesBesideAnEmbeddedStoreFileOnly() {
        assertEquals(Optional.of(Path.of("data/roster-state.service").toAbsolutePath()),
                LocalServiceFile.beside("jdbc:h2:file:./data/roster-state;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE"));
        assertEquals(Optional.of(Path.of("/var/lib/roster/state.service")), LocalServiceFile.beside("jdbc:h2:/var/lib/roster/state"));
        assertEquals(Optional.of(Path.of(System.getProperty("user.home"), "r.service")), LocalServiceFile.beside("jdbc:h2:~/r"));
        assertEquals(Optional.empty(), LocalServiceFile.beside("jdbc:h2:mem:state;DB_CLOSE_DELAY=-1"));
        assertEquals(Optional.empty(), LocalServiceFile.beside("jdbc:h2:tcp://db:9092/state"));
        assertEquals(Optional.empty(), LocalServiceFile.beside("jdbc:postgresql://db/roster"));
        assertEquals(Optional.empty(), LocalServiceFile.beside("jdbc:h2:async:./data/x"), "not a plain file");
        assertEquals(Optional.empty(), LocalServiceFile.beside("jdbc:h2:memFS:x"));
        assertEquals(Optional.of(Path.of("C:/roster/state.service").toAbsolutePath()),
                LocalServiceFile.beside("jdbc:h2:file:C:/roster/state"), "a Windows drive is a path");
        assertEquals(Optional.empty(), LocalServiceFile.beside(null));
    }

    @Test
    void isWrittenForItsOwnerOnlyAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("store/roster-state.service");
        LocalServiceFile written = new LocalServiceFile(URI.create("http://127.0.0.1:43123/"), "s3cret-token-of-the-service");
        written.write(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Optional.of(written), LocalServiceFile.read(file));
        assertFalse(written.toString().contains("s3cret"), "the token stays out of anything that prints the value");
        assertEquals(Optional.empty(), LocalServiceFile.read(dir.resolve("none.service")));
        Files.writeString(file, "api=http://127.0.0.1:1/\n");
        assertEquals(Optional.empty(), LocalServiceFile.read(file), "a file without a token is no service's");
    }
}
