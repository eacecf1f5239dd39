package io.odysseyguard.hardstop.watchdog;

import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.JvmIdentity;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The guarded JVM's side of its watchdog: starts the watchdog process and tells it what this JVM holds. The process
 * runs from the agent jar alone (JDK only, a small heap, not the application's class path, an empty environment), in
 * its own session ({@code setsid} where there is one) so that killing the application's process group leaves it
 * running, with the state directory as its working directory and no output of its own in the application's (it
 * writes {@code watchdog.log} in the state directory).
 *
 * <p>Used by one thread at a time (the session keeper's). A write that fails means the watchdog is gone; the journal
 * still covers this JVM, and the link stays down.
 */
public final class WatchdogLink implements AutoCloseable {
    /** The watchdog's JVM: as small and quick to start as a JVM gets. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx32m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xshare:auto");

    private final Process process;
    private final DataOutputStream out;
    private boolean up = true;

    private WatchdogLink(Process process) {
        this.process = process;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
    }

    /** Starts the watchdog of {@code jvm} from {@code agentJar}; it keeps its log in {@code stateDir}. */
    public static WatchdogLink start(Path agentJar, JvmIdentity jvm, Path stateDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(agentJar))
                .directory(stateDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear(); // the application's environment may hold its API key
        WatchdogLink link = new WatchdogLink(pb.start());
        LinkMessages.hello(link.out, jvm, stateDir.toString());
        link.out.flush();
        return link;
    }

    static List<String> command(Path agentJar) {
        List<String> command = new ArrayList<>();
        String setsid = setsid();
        if (setsid != null) {
            command.add(setsid);
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(agentJar.toString());
        command.add(Watchdog.class.getName());
        return command;
    }

    /** The {@code setsid} program, which starts the watchdog in a session of its own; null where there is none. */
    private static String setsid() {
        for (String dir : new String[] {"/usr/bin", "/bin", "/usr/local/bin"}) {
            File f = new File(dir, "setsid");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }

    /** The watchdog's pid, for the command's {@code list}. */
    public long pid() {
        return process.pid();
    }

    public boolean isUp() {
        return up && process.isAlive();
    }

    public void remember(HeldSession session) {
        send(() -> LinkMessages.remember(out, session));
    }

    public void forget(long key) {
        send(() -> LinkMessages.forget(out, key));
    }

    /** The JVM exits cleanly: the watchdog closes whatever it still remembers and exits. */
    public void goodbye() {
        send(() -> out.writeByte(LinkMessages.GOODBYE));
        close();
    }

    /** Writes of a batch go out together; call after the batch. */
    public void flush() {
        send(out::flush);
    }

    private interface Write {
        void run() throws IOException;
    }

    private void send(Write write) {
        if (!up) {
            return;
        }
        try {
            write.run();
        } catch (IOException e) {
            up = false; // the watchdog is gone (killed); the journal still covers this JVM
        }
    }

    @Override
    public void close() {
        up = false;
        try {
            out.close();
        } catch (IOException ignored) {
            // gone already
        }
    }
}
