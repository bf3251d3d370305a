package io.roster.targets.signature365;

import io.roster.targets.http.TargetCallSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;
import java.util.Optional;

/** The Signature 365 intake ({@code roster.signature365.*}), every part of its contract a setting (Symprex publishes no API reference). */
@ConfigMapping(prefix = "roster.signature365")
public interface Signature365Settings extends TargetCallSettings {
    @WithName("base-url")
    @WithDefault("https://app.signature365.com")
    String baseUrl();

    /** Path of the batch upsert, below the base URL. */
    @WithDefault("/api/v1/users/batch")
    String path();

    /** The secret from the Signature 365 "Database" integration page. A secret: set it from the environment. */
    Optional<String> secret();

    /** Header and scheme the secret is sent with. */
    @WithName("auth-header")
    @WithDefault("Authorization")
    String authHeader();

    @WithName("auth-scheme")
    @WithDefault("Bearer")
    String authScheme();

    /** The "source" named in each batch. */
    @WithName("source-name")
    @WithDefault("database")
    String sourceName();

    /** Users per request; a 413 answer halves it for the rest of the run. */
    @WithName("batch-size")
    @WithDefault("500")
    int batchSize();

    /** The standard field tokens the service accepts. */
    @WithName("standard-fields")
    @WithDefault("FirstName,LastName,DisplayName,JobTitle,Department,Company,Office,Phone,Mobile,Fax,Street,City,State,PostalCode,Country,Website,Photo")
    List<String> standardFields();

    /** Custom field tokens declared in Signature 365 (the incumbent's "Custom Fields" registry value). */
    @WithName("custom-fields")
    Optional<List<String>> customFields();
}
