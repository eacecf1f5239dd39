package io.odysseyguard.hardstop.watchdog;

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
import java.util.function.Function;

/**
 * The guarded JVM's side of its watchdog: starts the watchdog process and tells it what this JVM holds. The process
 * runs from the agent jar alone (JDK only, a small heap, not the application's class path, an empty environment), in
 * its own session ({@code setsid} where there is one) so that killing the application's process group leaves it
 * running, with the state directory as its working directory and no output of its own in the application's (it
 * writes {@code watchdog.log} in the state directory).
 *
 * <p>Messages are framed in memory ({@link #remember}, {@link #forget}) and handed to the pipe by {@link #flush}: one
 * writer thread owns the pipe, and {@code flush} waits until its batch is in the pipe, at most {@code waitMillis}. In
 * the pipe, it survives this JVM's death: the watchdog reads what was written, then the end. So a caller that returns
 * from {@code flush(wait)} with true knows a kill from then on cannot lose what it told; and a watchdog that stopped
 * reading (the pipe full) holds a caller up by at most the wait once, after which callers do not wait until the writer
 * caught up. A write that fails means the watchdog is gone; the journal still covers this JVM, and the link stays
 * down. Callers serialize their framing themselves (the session keeper's lock).
 */
public final class WatchdogLink implements AutoCloseable {
    /** The watchdog's JVM: as small and quick to start as a JVM gets. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx32m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xshare:auto");

    /** One batch for the pipe; {@code last} closes it after. */
    private record Chunk(byte[] bytes, CountDownLatch written, boolean last) {
    }

    private final Process process;
    private final OutputStream pipe;
    private final ByteArrayOutputStream framed = new ByteArrayOutputStream(512);
    private final DataOutputStream out = new DataOutputStream(framed);
    private final BlockingQueue<Chunk> toWrite = new LinkedBlockingQueue<>();
    private volatile boolean up = true;
    /** A flush timed out: the writer is stuck on a full pipe; callers do not wait until it has caught up. */
    private volatile boolean stalled;
    private boolean closing;

    private WatchdogLink(Process process) {
        this.process = process;
        this.pipe = process.getOutputStream();
    }

    /**
     * Starts the watchdog of {@code jvm} from {@code agentJar} (it keeps its log in {@code stateDir}) and its writer
     * thread ({@code threads} makes it: a detached daemon); the greeting is queued first. Returns once the process
     * is spawned: the watchdog's JVM boots meanwhile and reads what the pipe holds by then.
     */
    public static WatchdogLink start(Path agentJar, JvmIdentity jvm, Path stateDir,
                                     Function<Runnable, Thread> threads) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(agentJar))
                .directory(stateDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear(); // the application's environment may hold its API key
        WatchdogLink link = new WatchdogLink(pb.start());
        link.threads(threads);
        LinkMessages.hello(link.out, jvm, stateDir.toString());
        link.flush(0);
        return link;
    }

    private void threads(Function<Runnable, Thread> threads) {
        threads.apply(this::write).start();
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
        frame(() -> LinkMessages.remember(out, session));
    }

    public void forget(long key) {
        frame(() -> LinkMessages.forget(out, key));
    }

    /**
     * Hands what was framed since the last flush to the pipe, and waits at most {@code waitMillis} until it is there
     * (not at all while the writer is stalled). Returns true when it is in the pipe, or there was nothing to hand.
     */
    public boolean flush(long waitMillis) {
        Chunk chunk = enqueue(false);
        return chunk == null || await(chunk, waitMillis);
    }

    /** The JVM exits cleanly: the watchdog closes whatever it still remembers and exits. Waits at most {@code waitMillis}. */
    public void goodbye(long waitMillis) {
        frame(() -> out.writeByte(LinkMessages.GOODBYE));
        Chunk chunk = enqueue(true);
        if (chunk != null) {
            await(chunk, waitMillis);
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    private void frame(Write write) {
        if (!up || closing) {
            return;
        }
        try {
            write.run();
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail
        }
    }

    private Chunk enqueue(boolean last) {
        if (!up || closing) {
            return null;
        }
        if (framed.size() == 0 && !last) {
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
            return chunk.written().getCount() == 0;
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

    /** The writer thread: owns the pipe, writes the chunks in order, closes it after the last. */
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
