package io.roster.targets.entra;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * How the app proves itself to Entra ID's token endpoint: a client secret, or a certificate, whose private key signs
 * a short-lived client assertion (a JWT with the certificate's thumbprint, for {@code aud} the token URL, for
 * {@code iss} and {@code sub} the client id). Neither the secret nor the key is ever part of a message.
 */
public interface ClientCredential {

    /** The form fields that prove the app, for a token request to {@code tokenUrl}. */
    String form(String clientId, String tokenUrl);

    static ClientCredential secret(String secret) {
        return (clientId, tokenUrl) -> "client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    }

    /** The first key entry of a PKCS#12 file: its private key and certificate. */
    static ClientCredential certificate(Path pkcs12, char[] password, Clock clock) {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return new Certificate((PrivateKey) store.getKey(alias, password),
                            (X509Certificate) store.getCertificate(alias), clock);
                }
            }
            throw new EntraException("roster.entra.certificate " + pkcs12 + " holds no private key", false);
        } catch (IOException | GeneralSecurityException e) {
            throw new EntraException("roster.entra.certificate " + pkcs12 + " cannot be read as PKCS#12 with"
                    + " roster.entra.certificate-password (" + e.getClass().getSimpleName() + ")", false);
        }
    }

    /** A certificate credential: each token request carries a new assertion, good for 10 minutes. */
    record Certificate(PrivateKey key, X509Certificate certificate, Clock clock) implements ClientCredential {

        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        @Override
        public String form(String clientId, String tokenUrl) {
            return "client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    StandardCharsets.UTF_8) + "&client_assertion=" + assertion(clientId, tokenUrl);
        }

        String assertion(String clientId, String tokenUrl) {
            try {
                Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
                Map<String, Object> header = new LinkedHashMap<>();
                header.put("alg", "RS256");
                header.put("typ", "JWT");
                header.put("x5t", b64.encodeToString(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded())));
                long now = Instant.now(clock).getEpochSecond();
                Map<String, Object> claims = new LinkedHashMap<>();
                claims.put("aud", tokenUrl);
                claims.put("iss", clientId);
                claims.put("sub", clientId);
                claims.put("jti", UUID.randomUUID().toString());
                claims.put("nbf", now);
                claims.put("iat", now);
                claims.put("exp", now + 600);
                String signed = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                        + b64.encodeToString(JSON.writeValueAsBytes(claims));
                Signature rsa = Signature.getInstance("SHA256withRSA");
                rsa.initSign(key);
                rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
                return signed + "." + b64.encodeToString(rsa.sign());
            } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new EntraException("the client assertion could not be signed with roster.entra.certificate ("
                        + e.getClass().getSimpleName() + ")", false);
            }
        }
    }
}
