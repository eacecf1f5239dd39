package io.odysseyguard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a server, for a network that fails: {@link #goDown()} resets every connection
 * through it (RST to both ends, as a dropped network does: no WebSocket close frame reaches either side) and resets each
 * new one as soon as it is accepted, until {@link #comeBack()}. Bytes pass through untouched, so a server that names
 * its address from the {@code Host} header (the local Odyssey server's {@code signalling_url}) names the proxy, and the
 * signaling socket goes through it too.
 */
public final class ResettingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger resets = new AtomicInteger();
    private volatile boolean down;
    private volatile boolean closed;

    private ResettingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "resetting-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A proxy on a free loopback port in front of {@code host:port}. */
    public static ResettingProxy to(String host, int port) {
        try {
            return new ResettingProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the base URL a client uses instead of the server's. */
    public String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Resets every connection through the proxy, and every new one from now on. */
    public void goDown() {
        down = true;
        for (Socket s : open) {
            reset(s);
        }
    }

    /** New connections pass again. */
    public void comeBack() {
        down = false;
    }

    /** How many sockets (client or server side) the proxy has reset so far. */
    public int resets() {
        return resets.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (down) {
                reset(client);
                continue;
            }
            try {
                Socket server = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                reset(to);
            } finally {
                open.remove(from);
            }
        }, "resetting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Closes {@code s} with SO_LINGER 0: the peer gets an RST, not a FIN. */
    private void reset(Socket s) {
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
                s.close();
                resets.incrementAndGet();
            }
        } catch (IOException ignored) {
            // already gone
        }
        open.remove(s);
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            reset(s);
        }
    }
}
