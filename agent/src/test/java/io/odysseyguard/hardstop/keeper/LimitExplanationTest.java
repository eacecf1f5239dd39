package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.Journal;
import io.odysseyguard.hardstop.JvmIdentity;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.odysseyguard.hardstop.keeper.Sessions.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/** The line for a refused session: who holds the slots (this JVM, other guarded JVMs alive or gone), and what frees them. */
class LimitExplanationTest {
    private static final Path JAR = Path.of("/opt/odyssey-guard-agent.jar");

    @Test
    void namesThisJvmsSitesTheOtherJvmsAndTheRestAndTheCommand() {
        List<HeldSession> mine = List.of(held(1, "s-1", "com.acme.Main.main(Main.java:12) <- x.Y.z(Y.java:1)"),
                held(2, "s-2", "com.acme.Video.start(Video.java:40)"));
        JvmIdentity alive = JvmIdentity.current(); // this test's own JVM stands for another live one
        JvmIdentity gone = new JvmIdentity(Integer.MAX_VALUE - 1, 1, "com.acme.Gone");
        List<Journal.Entry> others = List.of(
                new Journal.Entry(Path.of("a"), alive, 0, List.of(held(3, "s-3", "a"))),
                new Journal.Entry(Path.of("b"), gone, 0, List.of(held(4, "s-4", "b"), held(5, "s-5", "b"))));
        String line = LimitExplanation.of(5, 5, mine, others, JAR);
        assertThat(line).startsWith("Odyssey refused a session: the concurrent session limit is reached (5 of 5 held)."
                        + " This JVM holds 2 (opened at com.acme.Main.main(Main.java:12); com.acme.Video.start(Video.java:40))")
                .contains("pid " + alive.pid() + " (" + alive.mainClass() + ") holds 1")
                .contains("JVMs that are gone left 2")
                .contains(", 0 held elsewhere or dangling.")
                .contains("To free them: java -jar " + JAR + " list, then java -jar " + JAR + " release PID or reap")
                .doesNotContain("secret-token");
    }

    @Test
    void withNothingKnownTheRestIsElsewhereAndTheLauncherIsNamed() {
        String line = LimitExplanation.of(5, 5, List.of(), List.of(), null);
        assertThat(line).contains("This JVM holds 0, 5 held elsewhere or dangling.")
                .contains("To free them: odyssey-guard list, then odyssey-guard reap");
    }

    private static HeldSession held(long key, String id, String site) {
        return new HeldSession(key, credentials(id, "secret-token-" + id), 0, "app", site);
    }
}
