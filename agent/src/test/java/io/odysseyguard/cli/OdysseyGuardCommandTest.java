package io.odysseyguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The command's arguments and its state directory, in process (the real runs are in CommandIT). */
class OdysseyGuardCommandTest {

    private record Result(int exit, String out, String err) {
    }

    private static Result execute(Properties props, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OdysseyGuardCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), props, env);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Properties props(String home) {
        Properties p = new Properties();
        p.setProperty("user.home", home);
        p.setProperty("os.name", "Linux");
        return p;
    }

    @Test
    void theStateDirectoryInTheAgentsOrder(@TempDir Path dir) {
        Map<String, String> env = new HashMap<>(Map.of("XDG_STATE_HOME", dir.resolve("xdg").toString()));
        assertThat(execute(props(dir.toString()), env, "list").err).contains("(state directory " + dir.resolve("xdg/odyssey-guard") + ")");
        assertThat(execute(props(dir.toString()), Map.of(), "list").err)
                .contains("(state directory " + dir.resolve(".local/state/odyssey-guard") + ")");

        env.put("ODYSSEY_GUARD_STATE_DIR", dir.resolve("env").toString());
        assertThat(execute(props(dir.toString()), env, "list").err).contains("(state directory " + dir.resolve("env") + ")");

        Properties withProperty = props(dir.toString());
        withProperty.setProperty("odyssey.guard.state-dir", dir.resolve("property").toString());
        assertThat(execute(withProperty, env, "reap").err).contains("(state directory " + dir.resolve("property") + ")");

        Result option = execute(withProperty, env, "--state-dir", dir.resolve("option").toString(), "list");
        assertThat(option.err).contains("(state directory " + dir.resolve("option") + ")");
        assertThat(option.exit).isEqualTo(ExitCodes.NOTHING);
        Result afterTheCommand = execute(withProperty, env, "release", "--all", "--state-dir", dir.resolve("sub").toString());
        assertThat(afterTheCommand.err).contains("(state directory " + dir.resolve("sub") + ")");
        assertThat(afterTheCommand.exit).isEqualTo(ExitCodes.NOTHING);
    }

    @Test
    void usageErrorsExitWith2() {
        Properties p = props("/nowhere");
        assertThat(execute(p, Map.of()).exit).isEqualTo(2);
        assertThat(execute(p, Map.of(), "frobnicate").exit).isEqualTo(2);
        assertThat(execute(p, Map.of(), "release").err).contains("give a PID or --all");
        assertThat(execute(p, Map.of(), "release", "1", "--all").err).contains("not both");
        assertThat(execute(p, Map.of(), "reap", "--all").exit).isEqualTo(2);
        Result version = execute(p, Map.of(), "--version");
        assertThat(version.exit).isZero();
        assertThat(version.out).startsWith("odyssey-guard ");
    }
}
