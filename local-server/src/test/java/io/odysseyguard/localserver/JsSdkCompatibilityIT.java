package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official JavaScript SDK ({@code @odysseyml/odyssey} 1.3.1, from npm) completes its
 * {@code createClientCredentials()} flow against the local server: auth, regions and their pings,
 * session request, session token (a JWT whose {@code session_id} claim the SDK reads back).
 * Skipped where node or npm are missing, with a line on the console saying so; the npm install is cached in {@code target/js-sdk}.
 */
class JsSdkCompatibilityIT {

    private static final String SDK = "@odysseyml/odyssey@1.3.1";
    private static final Path DIR = Path.of("target", "js-sdk").toAbsolutePath();

    @Test
    @LocalOdysseyServerTest
    void createClientCredentialsSucceedsAgainstTheLocalServer(LocalOdysseyServer server) throws Exception {
        Optional<String> missing = Prerequisites.missingCommands(JsSdkCompatibilityIT.class,
                "apt-get install nodejs npm, or https://nodejs.org", "node", "npm");
        assumeTrue(missing.isEmpty(), () -> missing.get());
        installSdk();
        Path script = DIR.resolve("create-credentials.mjs");
        try (InputStream in = JsSdkCompatibilityIT.class.getResourceAsStream("/js-sdk/create-credentials.mjs")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }

        Path log = DIR.resolve("node-output.txt");
        ProcessBuilder node = new ProcessBuilder("node", script.toString()).directory(DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().put("API_URL", server.baseUrl());
        node.environment().put("ODYSSEY_API_KEY", "ody_js_sdk_compatibility_key");
        Process process = node.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("node finished within 120 s").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);

        String lastLine = output.strip().lines().reduce((a, b) -> b).orElse("");
        JsonNode result = TestClient.JSON.readTree(lastLine);
        assertThat(result.get("ok").asBoolean()).as("SDK result: %s", lastLine).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(result.get("tokenParts").asInt()).isEqualTo(3);
        assertThat(result.get("signalingUrl").asText()).isEqualTo("ws://127.0.0.1:" + server.port() + "/signalling");
        assertThat(result.get("expiresIn").asInt()).isEqualTo(600);

        String sessionId = result.get("sessionId").asText();
        assertThat(server.usage().session(sessionId))
                .as("the server saw the SDK's session request")
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SessionState.REQUESTED));
    }

    private static void installSdk() throws IOException, InterruptedException {
        if (Files.exists(DIR.resolve("node_modules/@odysseyml/odyssey/package.json"))) {
            return; // cached from an earlier run
        }
        Files.createDirectories(DIR);
        Process npm = new ProcessBuilder(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                "--prefix", DIR.toString(), SDK)).directory(DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(DIR.resolve("npm-install.log").toFile()).start();
        boolean finished = npm.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            npm.destroyForcibly();
        }
        assertThat(finished).as("npm install finished within 10 minutes").isTrue();
        assertThat(npm.exitValue()).as("npm install exit code, see %s", DIR.resolve("npm-install.log")).isZero();
    }
}
