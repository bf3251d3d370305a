package io.roster.targets.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaseUrlsTest {

    private static final String SETTING = "roster.sign.orgs.primary.base-url";

    @Test
    void aBareHostAsTheUserSyncToolWritesItIsHttps() {
        assertEquals("https://api.na1.echosign.com", BaseUrls.of("api.na1.echosign.com", SETTING));
        assertEquals("https://api.echosign.com/", BaseUrls.of(" https://api.echosign.com/ ", SETTING));
        assertEquals("http://127.0.0.1:8080", BaseUrls.of("http://127.0.0.1:8080", SETTING));
    }

    @Test
    void anythingElseIsRefusedNamingTheSettingAndTheFix() {
        IllegalArgumentException ftp = assertThrows(IllegalArgumentException.class, () -> BaseUrls.of("ftp://x.example", SETTING));
        assertTrue(ftp.getMessage().startsWith(SETTING + " is 'ftp://x.example', which is not an http(s) URL with a host")
                && ftp.getMessage().contains("https://api.echosign.com"), ftp.getMessage());
        IllegalArgumentException space = assertThrows(IllegalArgumentException.class, () -> BaseUrls.of("api echosign.com", SETTING));
        assertTrue(space.getMessage().contains("which is not a URL"), space.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BaseUrls.of(" ", SETTING));
    }
}
