package io.odysseyguard.demo;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./demo} script checks its options before it builds (a typo is told at once, not after half a minute of
 * Maven): run for real with bash, and held to the same options as the demo's own parser.
 */
class DemoScriptTest {
    private static final Path SCRIPT = Path.of("..", "demo").toAbsolutePath().normalize();

    @Test
    void aMistypedOptionIsToldAtOnceWithTheOptionMeant() throws Exception {
        Result r = run("--restart", "3");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("demo: unknown option '--restart'; did you mean '--restarts'?\n"
                + "demo: ./demo --help lists the options\n");
        assertThat(r.stdout()).as("nothing built").isEmpty();

        assertThat(run("--keep-runing").stderr()).startsWith("demo: unknown option '--keep-runing'; did you mean '--keep-running'?");
        assertThat(run("--frobnicate").stderr()).startsWith("demo: unknown option '--frobnicate'\n");
        assertThat(run("--restarts", "many").stderr()).startsWith("demo: --restarts needs a whole number, not 'many'\n");
        assertThat(run("--port=http").stderr()).startsWith("demo: --port needs a whole number, not 'http'\n");
        assertThat(run("--limit").stderr()).startsWith("demo: --limit needs a value\n");
    }

    @Test
    void theScriptKnowsTheDemosOptionsAndNoOthers() throws IOException {
        String script = Files.readString(SCRIPT);
        CommandLine cli = new CommandLine(new Demo(System.out));
        Set<String> valueOptions = new TreeSet<>();
        Set<String> numberOptions = new TreeSet<>();
        Set<String> flags = new TreeSet<>(List.of("--no-build")); // the script's own
        for (OptionSpec o : cli.getCommandSpec().options()) {
            if (o.arity().max() > 0) {
                valueOptions.addAll(Arrays.asList(o.names()));
                if (o.type() == int.class) {
                    numberOptions.addAll(Arrays.asList(o.names()));
                }
            } else {
                flags.addAll(Arrays.asList(o.names()));
            }
        }
        assertThat(words(script, "VALUE_OPTIONS")).isEqualTo(valueOptions);
        assertThat(words(script, "NUMBER_OPTIONS")).isEqualTo(numberOptions);
        assertThat(words(script, "FLAG_OPTIONS")).isEqualTo(flags);
    }

    private static Set<String> words(String script, String variable) {
        Matcher m = Pattern.compile("(?m)^" + variable + "=\"([^\"]*)\"$").matcher(script);
        assertThat(m.find()).as(variable + " in " + SCRIPT).isTrue();
        return new TreeSet<>(Arrays.asList(m.group(1).trim().split("\\s+")));
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("demo-out", ".txt");
        Path err = Files.createTempFile("demo-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("./demo " + String.join(" ", args) + " still ran after 30 s: it should stop at the options");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
