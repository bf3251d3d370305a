package io.roster.commands;

import io.roster.report.RunReports;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code roster.encrypt}: turns a secret into a value that may sit in configuration files and ConfigMaps,
 * {@code ${aes-gcm-nopadding::…}}, which SmallRye Config's AES-256-GCM secret handler decrypts when Roster reads it.
 * The key is {@code smallrye.config.secret-handler.aes-gcm-nopadding.encryption-key} (from a Kubernetes Secret); the
 * format is the handler's own: base64url of the IV length, the IV and the sealed value, under the SHA-256 of the key.
 * The secret is read from standard input, so it stays out of the shell history and the process list.
 */
@ApplicationScoped
public class SecretEncryption {

    public static final String KEY = "smallrye.config.secret-handler.aes-gcm-nopadding.encryption-key";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Reads one line, prints its encrypted form (and a new key first when none is configured); 0, or 2 on no input. */
    public int runMode(InputStream in, PrintStream out) {
        return runMode(in, out, false);
    }

    /** {@code json}: one JSON object, {@code {"encrypted": …}} and, when a key was made, {@code "newKey": …}. */
    public int runMode(InputStream in, PrintStream out, boolean json) {
        String secret;
        try {
            secret = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            secret = null;
        }
        if (secret == null || secret.isEmpty()) {
            out.println("roster.encrypt: give the secret on standard input, e.g.  read -rs S && printf %s \"$S\" | java"
                    + " -Droster.once=true -Droster.encrypt=true -jar quarkus-run.jar");
            return 2;
        }
        Optional<String> configured = ConfigProvider.getConfig().getOptionalValue(KEY, String.class);
        String key = configured.orElseGet(SecretEncryption::newKey);
        String encrypted = "${aes-gcm-nopadding::" + encrypt(secret, key) + "}";
        if (json) {
            Map<String, String> result = new LinkedHashMap<>();
            result.put("encrypted", encrypted);
            configured.ifPresentOrElse(k -> { }, () -> {
                result.put("keySetting", KEY);
                result.put("newKey", key);
            });
            RunReports.print(out, result);
            return 0;
        }
        if (configured.isEmpty()) {
            out.println("# A new key: keep it in a Secret as SMALLRYE_CONFIG_SECRET_HANDLER_AES_GCM_NOPADDING_ENCRYPTION_KEY");
            out.println(KEY + "=" + key);
        }
        out.println(encrypted);
        return 0;
    }

    /** A new random key: 256 random bits written as base64url text. */
    public static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    public static String encrypt(String secret, String key) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            // the handler's default: the key's own characters (not base64-decoded), hashed to 256 bits
            byte[] aesKey = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(1 + iv.length + sealed.length).put((byte) iv.length).put(iv).put(sealed);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt: " + e.getMessage(), e);
        }
    }
}
