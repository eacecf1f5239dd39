package io.odysseyguard.hardstop;

import io.odysseyguard.client.session.SessionCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTest {
    @TempDir
    Path home;

    private final JvmIdentity jvm = new JvmIdentity(4242, 1_700_000_000_000L, "com.acme.Main");

    private static HeldSession session(long key, String id) {
        return new HeldSession(key, new SessionCredentials(id, "http://127.0.0.1:1/signalling", "secret-token-" + key,
                Instant.ofEpochMilli(1_800_000_000_000L)), 1_700_000_001_000L, "app", "com.acme.Main.main(Main.java:9)");
    }

    @Test
    void writesReadsBackAndRemovesWhenNothingIsHeld() throws Exception {
        Journal journal = new Journal(home.resolve("odyssey-guard"));
        List<HeldSession> held = List.of(session(1, "s-1"), session(2, "s-2"));
        journal.write(jvm, held);

        Path file = journal.fileOf(jvm);
        assertThat(file.getFileName().toString()).isEqualTo("jvm-4242-1700000000000.journal");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.directory())))
                .isEqualTo("rwx------");
        List<String> warnings = new ArrayList<>();
        List<Journal.Entry> entries = journal.readAll(warnings::add);
        assertThat(warnings).isEmpty();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.jvm()).isEqualTo(jvm);
            assertThat(e.sessions()).isEqualTo(held);
        });

        journal.write(jvm, List.of());
        assertThat(file).doesNotExist();
        try (Stream<Path> left = Files.list(journal.directory())) {
            assertThat(left).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void skipsCorruptAndForeignFilesWithOneWarningEachAndKeepsThem() throws Exception {
        Journal journal = new Journal(StateDirectory.create(home.resolve("odyssey-guard")));
        journal.write(jvm, List.of(session(1, "s-1")));
        Path truncated = journal.directory().resolve("jvm-1-2.journal");
        Files.writeString(truncated, "format=odyssey-guard-journal/1\npid=1\nstart=2\nmain=x\nupdated=3\nsessions=1\n");
        Path foreign = journal.directory().resolve("jvm-5-6.journal");
        Files.writeString(foreign, "{\"not\": \"a journal\"}");

        List<String> warnings = new ArrayList<>();
        List<Journal.Entry> entries = journal.readAll(warnings::add);

        assertThat(entries).extracting(Journal.Entry::jvm).containsExactly(jvm);
        assertThat(warnings).containsExactlyInAnyOrder(
                "skipped the journal file " + truncated + ": no session.0.id",
                "skipped the journal file " + foreign + ": not an odyssey-guard-journal/1 file");
        assertThat(truncated).exists();
        assertThat(foreign).exists();
    }

    @Test
    void onlyOneReaperClaimsAFile() throws Exception {
        Journal journal = new Journal(home.resolve("odyssey-guard"));
        journal.write(jvm, List.of(session(1, "s-1")));
        Journal.Entry entry = journal.readAll(w -> { }).get(0);

        Path first = journal.claim(entry);
        Path second = journal.claim(entry);

        assertThat(first).isNotNull().exists();
        assertThat(second).isNull();
        assertThat(journal.readAll(w -> { })).as("a claimed file is no longer listed").isEmpty();
        journal.putBack(first, entry, List.of(session(1, "s-1")));
        assertThat(journal.readAll(w -> { })).hasSize(1);
    }

    @Test
    void aJvmIsGoneWhenItsPidIsDeadOrReused() throws Exception {
        assertThat(JvmIdentity.current().isAlive()).isTrue();
        JvmIdentity self = JvmIdentity.current();
        assertThat(new JvmIdentity(self.pid(), self.startMillis() - 60_000, "reused").isAlive()).isFalse();
        Process p = new ProcessBuilder("true").start();
        long pid = p.pid();
        p.waitFor();
        assertThat(new JvmIdentity(pid, 1, "dead").isAlive()).isFalse();
    }

    @Test
    void theStateDirectoryFollowsXdgAndThePlatform() {
        assertThat(StateDirectory.resolve("", java.util.Map.of("XDG_STATE_HOME", "/x/state"), "/home/u", "Linux"))
                .isEqualTo(Path.of("/x/state/odyssey-guard"));
        assertThat(StateDirectory.resolve("", java.util.Map.of(), "/home/u", "Linux"))
                .isEqualTo(Path.of("/home/u/.local/state/odyssey-guard"));
        assertThat(StateDirectory.resolve("", java.util.Map.of("XDG_STATE_HOME", "relative"), "/home/u", "Linux"))
                .as("a relative XDG_STATE_HOME is ignored, as the spec says").isEqualTo(Path.of("/home/u/.local/state/odyssey-guard"));
        assertThat(StateDirectory.resolve("", java.util.Map.of(), "/Users/u", "Mac OS X"))
                .isEqualTo(Path.of("/Users/u/Library/Application Support/odyssey-guard"));
        assertThat(StateDirectory.resolve("/opt/guard", java.util.Map.of("XDG_STATE_HOME", "/x"), "/home/u", "Linux"))
                .isEqualTo(Path.of("/opt/guard"));
    }

    @Test
    void aWriteCutShortByAKillLeavesATemporaryThatIsRemovedOnceTheJvmIsGone() throws Exception {
        Path dir = StateDirectory.create(home.resolve("odyssey-guard"));
        Journal journal = new Journal(dir);
        // what a kill between the temporary's creation and its move leaves (the name a write uses)
        Path cutShort = Files.createFile(dir.resolve(".tmp-4242-123456.tmp"));
        Path othersWrite = Files.createFile(dir.resolve(".tmp-4243-123456.tmp"));
        assertThat(journal.readAll(w -> { }).stream().map(e -> e.file())).isEmpty(); // never read as a journal

        journal.removeTemporariesOf(jvm);

        assertThat(cutShort).doesNotExist();
        assertThat(othersWrite).as("another JVM's write in progress").exists();
    }
}
