package io.odysseyguard.benchmarks.torture;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback TCP proxy between a child JVM (its client, its watchdog) and the local server, so that the server's faults
 * are real network faults: every byte of REST and of the signaling WebSocket passes through it (the server names the
 * host the client used in the signalling URL it hands out). Until {@link #fault} it passes bytes through unchanged.
 *
 * <ul>
 * <li>{@link Mode#SLOW}: every chunk, each way, waits 50-600 ms before it is passed on;</li>
 * <li>{@link Mode#STALL}: nothing is passed on (the bytes wait in the proxy and the kernel) until the fault ends;</li>
 * <li>{@link Mode#DOWN}: every connection is reset (RST) at once, and new ones are reset on accept until the fault ends:
 *     the server "restarting".</li>
 * </ul>
 */
final class FaultProxy implements AutoCloseable {
    enum Mode { PASS, SLOW, STALL, DOWN }

    private final ServerSocket listener;
    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile Mode mode = Mode.PASS;
    private volatile long faultEndsNanos;
    private volatile boolean closed;

    FaultProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept, "torture-proxy-accept").start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Puts the fault in place now, for {@code millis}; then the proxy passes bytes again. */
    void fault(Mode m, long millis) {
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
    void awaitFaultOver() throws InterruptedException {
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
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                daemon(() -> pump(client, server), "torture-proxy-up").start();
                daemon(() -> pump(server, client), "torture-proxy-down").start();
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

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            s.close();
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
