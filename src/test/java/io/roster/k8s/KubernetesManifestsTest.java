package io.roster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1CronJob;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The k8s/ overlays as kubectl builds them (kustomize), each object checked against Kubernetes' own API schema: the
 * official client's models, generated from the API's OpenAPI spec, reject a field the API does not have, a missing
 * required field and a wrong type. Then what Roster needs of them: the routes and job files all mounted, the probes
 * and metrics where Roster serves them, the exit codes of a CronJob run, no secret in the manifests.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Validators by kind: each the generated model's own schema check. */
    private static final Map<String, Validator> SCHEMAS = Map.of(
            "Deployment", V1Deployment::validateJsonElement,
            "CronJob", V1CronJob::validateJsonElement,
            "ConfigMap", V1ConfigMap::validateJsonElement,
            "Service", V1Service::validateJsonElement,
            "ServiceAccount", V1ServiceAccount::validateJsonElement);

    interface Validator {
        void validate(com.google.gson.JsonElement json) throws IOException;
    }

    @BeforeAll
    static void kubectl() {
        boolean present;
        try {
            present = new ProcessBuilder("kubectl", "version", "--client").start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "kubectl (with its kustomize) is not installed: the k8s/ overlays are not built here");
    }

    static List<JsonNode> build(String overlay) throws Exception {
        // as kubectl apply -k builds it: no load restrictor, so every file is below the kustomization
        Process p = new ProcessBuilder("kubectl", "kustomize", "k8s/overlays/" + overlay).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "kustomize build of " + overlay + ": " + out);
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(out)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        return docs;
    }

    static void schemaCheck(List<JsonNode> docs) throws Exception {
        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            Validator v = SCHEMAS.get(kind);
            if (v == null) {
                fail("no schema check for kind " + kind + ": add its model to SCHEMAS");
            }
            try {
                v.validate(JsonParser.parseString(JSON.writeValueAsString(doc)));
            } catch (IllegalArgumentException e) {
                fail(kind + " " + doc.path("metadata").path("name").asText() + " does not match the Kubernetes API: "
                        + e.getMessage());
            }
        }
    }

    static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> of = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertEquals(1, of.size(), "one " + kind);
        return of.get(0);
    }

    static JsonNode configMap(List<JsonNode> docs, String prefix) {
        return docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap"))
                .filter(d -> d.path("metadata").path("name").asText().startsWith(prefix)).findFirst().orElseThrow();
    }

    static Set<String> yamlFiles(String dir) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).collect(Collectors.toSet());
        }
    }

    /** The pod spec mounts the routes and jobs ConfigMaps the build made, where the image looks for them. */
    static void mountsRoutesAndJobs(List<JsonNode> docs, JsonNode podSpec) throws IOException {
        Map<String, String> mounts = new java.util.HashMap<>();
        podSpec.path("containers").get(0).path("volumeMounts")
                .forEach(m -> mounts.put(m.path("name").asText(), m.path("mountPath").asText()));
        Map<String, String> configMaps = new java.util.HashMap<>();
        podSpec.path("volumes").forEach(v -> {
            if (v.has("configMap")) {
                configMaps.put(v.path("name").asText(), v.path("configMap").path("name").asText());
            }
        });
        JsonNode routes = configMap(docs, "roster-routes");
        JsonNode jobs = configMap(docs, "roster-jobs");
        assertEquals("/work/routes", mounts.get("routes"));
        assertEquals("/work/config/jobs", mounts.get("jobs"));
        assertEquals(routes.path("metadata").path("name").asText(), configMaps.get("routes"));
        assertEquals(jobs.path("metadata").path("name").asText(), configMaps.get("jobs"));
        assertEquals("roster-routes", routes.path("metadata").path("name").asText(),
                "no hash suffix: editing the ConfigMap must reach the running pods, not roll them");
        Set<String> mounted = new HashSet<>();
        routes.path("data").fieldNames().forEachRemaining(mounted::add);
        assertEquals(yamlFiles("routes"), mounted, "every route file in routes/ is in the ConfigMap");
        Set<String> jobFiles = new HashSet<>();
        jobs.path("data").fieldNames().forEachRemaining(jobFiles::add);
        assertEquals(yamlFiles("config/jobs"), jobFiles, "every job file in config/jobs/ is in the ConfigMap");
        JsonNode container = podSpec.path("containers").get(0);
        assertTrue(container.path("resources").path("limits").has("memory"), "a memory limit");
        assertTrue(container.path("resources").path("requests").has("cpu"), "a CPU request");
        assertTrue(container.path("image").asText().contains("/roster"), "the image is the overlay's: " + container.path("image"));
        boolean secretsFromSecret = false;
        for (JsonNode from : container.path("envFrom")) {
            secretsFromSecret |= from.path("secretRef").path("name").asText().equals("roster-secrets");
        }
        assertTrue(secretsFromSecret, "credentials come from the roster-secrets Secret");
    }

    static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    @Test
    void theDeploymentMatchesTheApiAndServesProbesAndMetricsWhereRosterDoes() throws Exception {
        List<JsonNode> docs = build("deployment");
        schemaCheck(docs);
        JsonNode deployment = only(docs, "Deployment");
        JsonNode pod = deployment.path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);
        assertEquals("false", env(container, "ROSTER_ONCE"), "the Deployment runs the schedules");
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/started", container.path("startupProbe").path("httpGet").path("path").asText());
        assertEquals("/q/metrics", pod.path("metadata").path("annotations").path("prometheus.io/path").asText());
        assertEquals("true", pod.path("metadata").path("annotations").path("prometheus.io/scrape").asText());
        mountsRoutesAndJobs(docs, pod.path("spec"));

        JsonNode service = only(docs, "Service");
        JsonNode selector = service.path("spec").path("selector");
        JsonNode labels = pod.path("metadata").path("labels");
        selector.fieldNames().forEachRemaining(k -> assertEquals(selector.path(k), labels.path(k), "the Service selects the pods: " + k));
        assertEquals(deployment.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/component"),
                labels.path("app.kubernetes.io/component"));
        noSecretsIn(docs);

        // the Prometheus Operator's ServiceMonitor finds this Service, its port, and the metrics' path
        JsonNode monitor = YAML.readTree(Path.of("k8s/monitoring/service-monitor.yaml").toFile());
        assertEquals("ServiceMonitor", monitor.path("kind").asText());
        JsonNode match = monitor.path("spec").path("selector").path("matchLabels");
        JsonNode serviceLabels = service.path("metadata").path("labels");
        match.fieldNames().forEachRemaining(k -> assertEquals(match.path(k), serviceLabels.path(k),
                "the ServiceMonitor selects the Service: " + k));
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        Set<String> ports = new HashSet<>();
        service.path("spec").path("ports").forEach(port -> ports.add(port.path("name").asText()));
        assertTrue(ports.contains(endpoint.path("port").asText()), "a port of the Service: " + ports);
        assertEquals("/q/metrics", endpoint.path("path").asText());
    }

    @Test
    void theCronJobMatchesTheApiAndRunsOnceWithRostersExitCodes() throws Exception {
        List<JsonNode> docs = build("cronjob");
        schemaCheck(docs);
        JsonNode cron = only(docs, "CronJob");
        assertEquals("Forbid", cron.path("spec").path("concurrencyPolicy").asText());
        JsonNode job = cron.path("spec").path("jobTemplate").path("spec");
        assertEquals(0, job.path("backoffLimit").asInt(-1), "a failed run is not repeated at once by Kubernetes");
        JsonNode pod = job.path("template").path("spec");
        assertEquals("Never", pod.path("restartPolicy").asText(), "the exit code ends the Job");
        assertEquals("true", env(pod.path("containers").get(0), "ROSTER_ONCE"));
        mountsRoutesAndJobs(docs, pod);
        noSecretsIn(docs);
    }

    /** Roster refuses to start on a ROSTER_* variable that names no setting: every one the manifests set must name one. */
    @Test
    void everyRosterVariableTheManifestsSetNamesASetting() throws Exception {
        java.util.Map<String, String> env = new java.util.TreeMap<>();
        try (var files = Files.walk(Path.of("k8s"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("ROSTER_[A-Z0-9_]+").matcher(Files.readString(f));
                while (m.find()) {
                    env.put(m.group(), f.toString());
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(env.size() >= 5, "the manifests set Roster's settings: " + env);
        org.junit.jupiter.api.Assertions.assertNull(new io.roster.config.UnknownSettings(io.roster.config.UnknownSettingsTest.MAPPINGS).checkEnvironment(env),
                "in " + env);
    }

    @Test
    void aManifestWithAFieldTheApiDoesNotHaveIsRefused() throws Exception {
        JsonNode deployment = only(build("deployment"), "Deployment").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) deployment.path("spec").path("template").path("spec")
                .path("containers").get(0)).put("livenessProbes", "typo");
        try {
            V1Deployment.validateJsonElement(JsonParser.parseString(JSON.writeValueAsString(deployment)));
            fail("the schema check let an unknown field through");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("livenessProbes"), e.getMessage());
        }
    }

    /** Only the Secret's name is in the manifests: settings.env names no password, key or token. */
    static void noSecretsIn(List<JsonNode> docs) {
        assertFalse(docs.stream().anyMatch(d -> d.path("kind").asText().equals("Secret")), "no Secret with values is built");
        JsonNode settings = configMap(docs, "roster-settings");
        settings.path("data").fieldNames().forEachRemaining(k -> assertFalse(
                k.matches("(?i).*(PASSWORD|SECRET|TOKEN|INTEGRATION_KEY).*"), "a secret in settings.env: " + k));
    }

    /** The kustomization's routes and job files are the repository's own, byte for byte (kustomize reads below itself). */
    @Test
    void theKustomizationsRoutesAndJobFilesAreTheRepositorysOwn() throws IOException {
        for (String[] pair : new String[][] {{"routes", "k8s/base/routes"}, {"config/jobs", "k8s/base/jobs"}}) {
            assertEquals(yamlFiles(pair[0]), yamlFiles(pair[1]), pair[1] + " holds every file of " + pair[0]);
            for (String f : yamlFiles(pair[0])) {
                assertEquals(Files.readString(Path.of(pair[0], f)), Files.readString(Path.of(pair[1], f)),
                        pair[1] + "/" + f + " differs from " + pair[0] + "/" + f + ": cp " + pair[0] + "/*.yaml " + pair[1] + "/");
            }
        }
    }

    /** An image tag that names what runs, and no bundled sample in the production image. */
    @Test
    void theOverlaysPinTheImageAndTheImagesCarryNoSamples() throws IOException {
        String version = Files.readString(Path.of("pom.xml")).replaceAll("(?s).*?<artifactId>roster</artifactId>\\s*<version>([^<]+)</version>.*", "$1")
                .replace("-SNAPSHOT", "");
        for (String overlay : List.of("deployment", "cronjob")) {
            JsonNode k = YAML.readTree(Path.of("k8s/overlays", overlay, "kustomization.yaml").toFile());
            assertEquals(version, k.path("images").get(0).path("newTag").asText(), overlay + ": the image is pinned");
        }
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            assertFalse(Files.readString(Path.of(dockerfile)).lines().anyMatch(l -> l.startsWith("COPY") && l.contains("samples")),
                    dockerfile + " copies no samples");
        }
    }
}
