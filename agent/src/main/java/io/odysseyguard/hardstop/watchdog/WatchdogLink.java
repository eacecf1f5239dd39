package io.odysseyguard.hardstop.watchdog;

import io.odysseyguard.guard.threads.DetachedThreads;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.JvmIdentity;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The guarded JVM's side of its watchdog: starts the watchdog process and tells it what this JVM holds. The process
 * runs from the agent jar alone (JDK only, a small heap, not the application's class path, an empty environment), in
 * its own session ({@code setsid} where there is one) so that killing the application's process group leaves it
 * running, with the state directory as its working directory and no output in the application's (it writes
 * {@code watchdog.log} in the state directory).
 *
 * <p>Messages are framed in memory ({@link #remember}, {@link #forget}) and handed over by {@link #flush} as one batch
 * to the link's writer thread, which alone writes the pipe, in order. In the pipe, a message survives this JVM's death:
 * the watchdog reads what was written, then the end. So a caller that returns from {@code flush(wait)} with true knows
 * a kill from then on cannot lose what it told. Writing blocks while the pipe is full (a watchdog still booting,
 * stopped or hung): that blocks the writer thread only, and {@code flush} waits for its batch at most
 * {@code waitMillis}. Once a wait has run out the link is stalled: later callers hand their batch over without waiting,
 * until the writer has caught up. Nothing is dropped meanwhile. A write that fails means the watchdog is gone; the
 * journal still covers this JVM, and the link stays down. Callers serialize their framing and flushing themselves (the
 * session keeper's lock).
 */
public final class WatchdogLink implements AutoCloseable {
    /** The watchdog's JVM: as small and quick to start as a JVM gets. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx32m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xshare:auto");

    /** One batch for the pipe; {@code last} closes it after. */
    private record Chunk(byte[] bytes, CountDownLatch written, boolean last) {
    }

    private final long pid;
    private final OutputStream pipe;
    private final ByteArrayOutputStream framed = new ByteArrayOutputStream(512);
    private final DataOutputStream out = new DataOutputStream(framed);
    private final BlockingQueue<Chunk> toWrite = new LinkedBlockingQueue<>();
    private volatile boolean up = true;
    /** A flush's wait ran out: the writer is stuck on a full pipe; callers do not wait until it has caught up. */
    private volatile boolean stalled;
    private boolean closing;

    private WatchdogLink(OutputStream pipe, long pid) {
        this.pipe = pipe;
        this.pid = pid;
    }

    /**
     * Starts the watchdog of {@code jvm} from {@code agentJar} (it keeps its log in {@code stateDir}) and the link's
     * writer thread; the greeting goes first. Returns once the process is spawned: the watchdog's JVM boots meanwhile
     * and reads what the pipe holds by then.
     */
    public static WatchdogLink start(Path agentJar, JvmIdentity jvm, Path stateDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(agentJar))
                .directory(stateDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear(); // the application's environment may hold its API key
        Process process = pb.start();
        WatchdogLink link = over(process.getOutputStream(), process.pid());
        try {
            LinkMessages.hello(link.out, jvm, stateDir.toString());
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail
        }
        link.flush(0);
        return link;
    }

    /** A link that writes to {@code pipe} (a watchdog's standard input; a test's pipe), its writer thread started. */
    public static WatchdogLink over(OutputStream pipe, long pid) {
        WatchdogLink link = new WatchdogLink(pipe, pid);
        // An anonymous class, no lambda: this runs on the application's connecting thread.
        DetachedThreads.of(new Runnable() {
            @Override
            public void run() {
                link.write();
            }
        }, "odyssey-guard-watchdog-link").start();
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
        return pid;
    }

    public void remember(HeldSession session) {
        if (framing()) {
            try {
                LinkMessages.remember(out, session);
            } catch (IOException e) {
                // a ByteArrayOutputStream does not fail
            }
        }
    }

    public void forget(long key) {
        if (framing()) {
            try {
                LinkMessages.forget(out, key);
            } catch (IOException e) {
                // a ByteArrayOutputStream does not fail
            }
        }
    }

    /**
     * Hands what was framed since the last flush to the writer, and waits at most {@code waitMillis} until it is in
     * the pipe (not at all while the link is stalled). Returns true when it is there, or there was nothing to hand.
     */
    public boolean flush(long waitMillis) {
        Chunk chunk = enqueue(false);
        return chunk == null || await(chunk, waitMillis);
    }

    /** The JVM exits cleanly: the watchdog closes whatever it still remembers and exits. Waits at most {@code waitMillis}. */
    public void goodbye(long waitMillis) {
        if (framing()) {
            try {
                out.writeByte(LinkMessages.GOODBYE);
            } catch (IOException e) {
                // a ByteArrayOutputStream does not fail
            }
        }
        Chunk chunk = enqueue(true);
        if (chunk != null) {
            await(chunk, waitMillis);
        }
    }

    /** Whether messages are still framed: not after the goodbye, nor once the watchdog is gone. */
    private boolean framing() {
        return up && !closing;
    }

    private Chunk enqueue(boolean last) {
        if (!framing() || framed.size() == 0 && !last) {
            return null;
        }
        Chunk chunk = new Chunk(framed.toByteArray(), new CountDownLatch(1), last);
        framed.reset();
        closing = last;
        toWrite.add(chunk);
        return chunk;
    }

    private boolean await(Chunk chunk, long waitMillis) {
        if (waitMillis <= 0 || stalled) {
            return chunk.written().getCount() == 0 && up;
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        try {
            while (true) {
                try {
                    if (chunk.written().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        return up;
                    }
                    stalled = true;
                    return false;
                } catch (InterruptedException e) {
                    interrupted = true; // a bounded wait: the interrupt is kept for after
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The writer thread: owns the pipe, writes the batches in order, closes it after the last. */
    private void write() {
        try {
            while (true) {
                Chunk chunk = toWrite.take();
                if (up) {
                    try {
                        pipe.write(chunk.bytes());
                        pipe.flush();
                    } catch (IOException e) {
                        up = false; // the watchdog is gone (killed); the journal still covers this JVM
                    }
                }
                chunk.written().countDown();
                if (toWrite.isEmpty()) {
                    stalled = false;
                }
                if (chunk.last()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            up = false;
        } finally {
            try {
                pipe.close();
            } catch (IOException ignored) {
                // gone already
            }
            for (Chunk left : toWrite) {
                left.written().countDown();
            }
        }
    }

    /** Closes the link after what is queued, without a goodbye (the watchdog then closes what it remembers). */
    @Override
    public void close() {
        enqueue(true);
    }
}
