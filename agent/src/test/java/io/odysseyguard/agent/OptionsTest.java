package io.odysseyguard.agent;

import io.odysseyguard.agent.hooks.TargetSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class OptionsTest {
    private static Options parse(String args) {
        return Options.parse(args, new Properties(), Map.of());
    }

    @Test
    void defaults() {
        Options o = parse(null);
        assertThat(o.enabled()).isTrue();
        assertThat(o.targets()).containsExactly(TargetSpec.ODYSSEY_CLIENT);
        assertThat(o.releaseTimeoutMillis()).isEqualTo(2000);
        assertThat(o.exitBudgetMillis()).isEqualTo(5000);
        assertThat(o.stackDepth()).isEqualTo(3);
        assertThat(o.skipFrames()).containsExactly("frameworks");
        assertThat(o.quiet()).isFalse();
        assertThat(o.help()).isFalse();
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void agentArguments() {
        Options o = parse("release-timeout=500ms, exit-budget=1m,stack-depth=0,quiet=true,debug=TRUE,help");
        assertThat(o.releaseTimeoutMillis()).isEqualTo(500);
        assertThat(o.exitBudgetMillis()).isEqualTo(60_000);
        assertThat(o.stackDepth()).isZero();
        assertThat(o.quiet()).isTrue();
        assertThat(o.debug()).isTrue();
        assertThat(o.help()).isTrue();
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void skipFramesTakesPrefixesAndTheTwoWords() {
        assertThat(parse("skip-frames=frameworks;com.acme.platform.; org.x$Gen").skipFrames())
                .containsExactly("frameworks", "com.acme.platform.", "org.x$Gen");
        assertThat(parse("skip-frames=none").skipFrames()).containsExactly("none");
        Options bad = parse("skip-frames=com.acme.*");
        assertThat(bad.skipFrames()).containsExactly("frameworks");
        assertThat(bad.warnings()).singleElement().asString().contains("bad value 'com.acme.*' for agent option"
                + " 'skip-frames'").contains("using the default frameworks");
    }

    @Test
    void targetsAddToTheClientAndMergePerClass() {
        Options o = parse("targets=com.acme.Conn#open/close;org.x.Y#start|begin/stop;com.acme.Conn#connect/shutdown");
        assertThat(o.targets()).containsExactly(
                TargetSpec.ODYSSEY_CLIENT,
                new TargetSpec("com.acme.Conn", List.of("open", "connect"), List.of("close", "shutdown")),
                new TargetSpec("org.x.Y", List.of("start", "begin"), List.of("stop")));
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void precedenceArgumentsThenSystemPropertiesThenEnvironment() {
        Properties props = new Properties();
        props.setProperty("odyssey.guard.release-timeout", "3s");
        props.setProperty("odyssey.guard.exit-budget", "7s");
        Map<String, String> env = Map.of("ODYSSEY_GUARD_RELEASE_TIMEOUT", "4s", "ODYSSEY_GUARD_EXIT_BUDGET", "8s",
                "ODYSSEY_GUARD_STACK_DEPTH", "5", "PATH", "/bin");
        Options o = Options.parse("release-timeout=1s", props, env);
        assertThat(o.releaseTimeoutMillis()).isEqualTo(1000);
        assertThat(o.exitBudgetMillis()).isEqualTo(7000);
        assertThat(o.stackDepth()).isEqualTo(5);
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void badOptionsWarnNamingThePartAndKeepDefaults() {
        Properties props = new Properties();
        props.setProperty("odyssey.guard.nonsense", "1");
        Options o = Options.parse("bogus=1,release-timeout=abc,exit-budget=5,stack-depth=99,quiet=maybe,"
                + "targets=no-hash;com.acme.Ok#open/close;com.acme.Bad#open/;1bad#a/b,enabled", props,
                Map.of("ODYSSEY_GUARD_WHATEVER", "x"));
        assertThat(o.releaseTimeoutMillis()).isEqualTo(2000);
        assertThat(o.exitBudgetMillis()).isEqualTo(5000);
        assertThat(o.stackDepth()).isEqualTo(3);
        assertThat(o.quiet()).isFalse();
        assertThat(o.enabled()).isTrue();
        assertThat(o.targets()).extracting(TargetSpec::className)
                .containsExactly("io.odysseyguard.client.OdysseyClient", "com.acme.Ok");
        assertThat(String.join("\n", o.warnings()))
                .contains("unknown agent option 'bogus'")
                .contains("bad value 'abc' for agent option 'release-timeout'")
                .contains("bad value '5' for agent option 'exit-budget'")
                .contains("bad value '99' for agent option 'stack-depth'")
                .contains("bad value 'maybe' for agent option 'quiet'")
                .contains("bad target 'no-hash'")
                .contains("bad target 'com.acme.Bad#open/'")
                .contains("bad target '1bad#a/b'")
                .contains("agent option 'enabled' needs a value")
                .contains("-Dodyssey.guard.nonsense")
                .contains("ODYSSEY_GUARD_WHATEVER");
    }

    @Test
    void aTypoGetsTheClosestOptionSpelledAsItsSourceSpellsIt() {
        Properties props = new Properties();
        props.setProperty("odyssey.guard.relase-timeout", "1s");
        Options o = Options.parse("relase-timeout=1s,stack=1", props, Map.of("ODYSSEY_GUARD_RELASE_TIMEOUT", "1s"));
        assertThat(o.releaseTimeoutMillis()).isEqualTo(2000);
        assertThat(o.warnings()).containsExactly(
                "unknown environment variable ODYSSEY_GUARD_RELASE_TIMEOUT (ignored);"
                        + " did you mean ODYSSEY_GUARD_RELEASE_TIMEOUT?",
                "unknown system property -Dodyssey.guard.relase-timeout (ignored);"
                        + " did you mean -Dodyssey.guard.release-timeout?",
                "unknown agent option 'relase-timeout' (ignored); did you mean 'release-timeout'?"
                        + " 'help' lists the options",
                "unknown agent option 'stack' (ignored); did you mean 'stack-depth'? 'help' lists the options");
    }

    @Test
    void nothingCloseNoSuggestion() {
        Properties props = new Properties();
        props.setProperty("odyssey.guard.nonsense", "1");
        Options o = Options.parse("bogus=1", props, Map.of("ODYSSEY_GUARD_WHATEVER", "1"));
        assertThat(o.warnings()).containsExactly(
                "unknown environment variable ODYSSEY_GUARD_WHATEVER (ignored)",
                "unknown system property -Dodyssey.guard.nonsense (ignored)",
                "unknown agent option 'bogus' (ignored); 'help' lists the options");
    }

    /** The launcher script's variables and the JUnit leak check's parameters share our prefixes: no warning. */
    @Test
    void theOtherPartsOfOdysseyGuardKeepTheirNamesWithoutAWarning() {
        Properties props = new Properties();
        props.setProperty("odyssey.guard.junit.mode", "strict");
        props.setProperty("odyssey.guard.junit.self-attach", "false");
        Options o = Options.parse(null, props, Map.of("ODYSSEY_GUARD_JAR", "/opt/odyssey-guard-agent.jar",
                "ODYSSEY_GUARD_JAVA_OPTS", "-Xmx64m"));
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void tellsWhichOptionsWereGivenRatherThanDefaulted() {
        Properties props = new Properties();
        props.setProperty("odyssey.guard.enabled", "false");
        Options o = Options.parse(null, props, Map.of("ODYSSEY_GUARD_QUIET", "true"));
        assertThat(o.isGiven(Option.ENABLED)).isTrue();
        assertThat(o.enabled()).isFalse();
        assertThat(o.isGiven(Option.QUIET)).isTrue();
        assertThat(o.quiet()).isTrue();
        assertThat(o.isGiven(Option.DEBUG)).isFalse();
        assertThat(parse("debug=false").isGiven(Option.DEBUG)).isTrue();
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        String help = String.join("\n", Options.helpLines());
        for (Option option : Option.values()) {
            assertThat(help).contains(option.key());
        }
        assertThat(help).contains("release-timeout  default 2s").contains("exit-budget      default 5s");
    }
}
