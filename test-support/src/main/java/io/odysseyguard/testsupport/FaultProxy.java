package io.odysseyguard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a server (the local Odyssey server), so that its faults are real network faults:
 * every byte of REST and of the signaling WebSocket passes through it (the server names the host the client used in
 * the signalling URL it hands out, so the socket goes through it too). Until {@link #fault} it passes bytes through
 * unchanged.
 *
 * <ul>
 * <li>{@link Mode#SLOW}: every chunk, each way, waits 50-600 ms before it is passed on;</li>
 * <li>{@link Mode#STALL}: nothing is passed on (the bytes wait in the proxy and the kernel) until the fault ends;</li>
 * <li>{@link Mode#DOWN}: every connection is reset (RST to both ends, as a dropped network does: no WebSocket close
 *     frame reaches either side) at once, and new ones are reset on accept until the fault ends.</li>
 * </ul>
 * A fault lasts a given time ({@link #fault}) or until {@link #comeBack()} ({@link #goDown()}, {@link #stall()}).
 */
public final class FaultProxy implements AutoCloseable {
    /** What the proxy does to the bytes. */
    public enum Mode { PASS, SLOW, STALL, DOWN }

    /** A fault's end far enough away to mean "until {@link #comeBack()}". */
    private static final long UNTIL_COME_BACK_MILLIS = Duration.ofDays(1).toMillis();

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final AtomicInteger resets = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile Mode mode = Mode.PASS;
    private volatile long faultEndsNanos;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept, "fault-proxy-accept").start();
    }

    /** A proxy on a free loopback port in front of {@code host:port}. */
    public static FaultProxy to(String host, int port) {
        try {
            return new FaultProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}: the base URL a client uses instead of the server's. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Resets every connection through the proxy, and every new one, until {@link #comeBack()}. */
    public void goDown() {
        fault(Mode.DOWN, UNTIL_COME_BACK_MILLIS);
    }

    /** Passes nothing on (the bytes wait) until {@link #comeBack()}. */
    public void stall() {
        fault(Mode.STALL, UNTIL_COME_BACK_MILLIS);
    }

    /** Ends the fault now: bytes pass again (held ones flow on). */
    public void comeBack() {
        fault(Mode.PASS, 0);
    }

    /** How many sockets (client or server side) the proxy has reset so far. */
    public int resets() {
        return resets.get();
    }

    /** Puts the fault in place now, for {@code millis}; then the proxy passes bytes again. */
    public void fault(Mode m, long millis) {
        synchronized (lock) {
            faultEndsNanos = System.nanoTime() + millis * 1_000_000;
            mode = m;
            lock.notifyAll();
        }
        if (m == Mode.DOWN) {
            for (Socket s : sockets) {
                reset(s);
            }
        }
    }

    /** Returns once the fault put in place last is over (at once when none is), so the next cycle starts healthy. */
    public void awaitFaultOver() throws InterruptedException {
        long left = faultEndsNanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000 + 1);
        }
        current();
    }

    private Mode current() {
        Mode m = mode;
        if (m != Mode.PASS && System.nanoTime() - faultEndsNanos > 0) {
            synchronized (lock) {
                mode = Mode.PASS;
                lock.notifyAll();
            }
            return Mode.PASS;
        }
        return m;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (current() == Mode.DOWN) {
                reset(client);
                continue;
            }
            try {
                Socket server = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                daemon(() -> pump(client, server), "fault-proxy-up").start();
                daemon(() -> pump(server, client), "fault-proxy-down").start();
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                holdWhileFaulty();
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput(); // pass the end on, after every byte before it
        } catch (IOException e) {
            reset(to);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sockets.remove(from);
        }
    }

    private void holdWhileFaulty() throws InterruptedException, SocketException {
        while (true) {
            Mode m = current();
            if (m == Mode.PASS) {
                return;
            }
            if (m == Mode.SLOW) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(50, 600));
                return;
            }
            if (m == Mode.DOWN) {
                throw new SocketException("proxy down");
            }
            synchronized (lock) { // STALL: until the fault ends
                long left = (faultEndsNanos - System.nanoTime()) / 1_000_000;
                if (left > 0) {
                    lock.wait(left);
                }
            }
        }
    }

    /** Closes {@code s} with SO_LINGER 0: the peer gets an RST, not a FIN. */
    private void reset(Socket s) {
        sockets.remove(s);
        if (s.isClosed()) {
            return;
        }
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            s.close();
            resets.incrementAndGet();
        } catch (IOException ignored) {
            // gone
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closed
        }
        for (Socket s : sockets) {
            reset(s);
        }
    }
}
