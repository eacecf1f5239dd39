package io.odysseyguard.hardstop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;

/**
 * How the {@code odyssey-guard} command asks a running guarded JVM directly: a Unix domain socket in the
 * {@link StateDirectory} (0700, so only its user can connect), {@code <pid>.sock}, served by the JVM
 * while it holds sessions. One request per connection: the command writes a {@link Properties} request
 * ({@code command=status|release}) and closes its side; the JVM answers with a {@link Properties} reply and closes.
 * Replies never carry a session token.
 */
public final class ControlSocket {
    public static final String COMMAND = "command";
    public static final String STATUS = "status";
    public static final String RELEASE = "release";
    /** A control socket's file name: {@code <pid>.sock}. */
    public static final String SUFFIX = ".sock";
    /** The longest socket path the platforms take (Linux: 108 bytes with the terminating zero; macOS: 104). */
    public static final int MAX_PATH_LENGTH = 103;

    private ControlSocket() {
    }

    /**
     * Where the JVM {@code jvm} listens: by pid alone, to keep the path short (socket paths are limited to about 100
     * bytes); the status reply names the JVM with its start time, and a reaper removes the socket of a dead pid only.
     */
    public static Path pathOf(Path stateDir, JvmIdentity jvm) {
        return stateDir.resolve(jvm.pid() + SUFFIX);
    }

    /** Sends {@code request} to the JVM listening at {@code socket} and returns its reply. */
    public static Properties ask(Path socket, Properties request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = Channels.newOutputStream(channel);
            request.store(out, null);
            out.flush();
            channel.shutdownOutput();
            Properties reply = new Properties();
            try (InputStream in = Channels.newInputStream(channel)) {
                reply.load(in);
            }
            return reply;
        }
    }

    /** Serves requests at {@code socket} on a daemon thread until {@link Server#close()}. */
    public static Server serve(Path socket, Function<Properties, Properties> handler) throws IOException {
        Files.deleteIfExists(socket); // a leftover of an earlier JVM with this pid, which is gone since this one has it
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(socket));
        Server server = new Server(socket, channel, handler);
        Thread thread = new Thread(server::acceptLoop, "odyssey-guard-control");
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    /** A JVM's listening socket. */
    public static final class Server implements AutoCloseable {
        private final Path socket;
        private final ServerSocketChannel channel;
        private final Function<Properties, Properties> handler;

        private Server(Path socket, ServerSocketChannel channel, Function<Properties, Properties> handler) {
            this.socket = socket;
            this.channel = channel;
            this.handler = handler;
        }

        private void acceptLoop() {
            while (channel.isOpen()) {
                try (SocketChannel client = channel.accept()) {
                    Properties request = new Properties();
                    request.load(Channels.newInputStream(client));
                    Properties reply = handler.apply(request);
                    OutputStream out = Channels.newOutputStream(client);
                    reply.store(out, null);
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    if (!channel.isOpen()) {
                        return;
                    }
                    // one bad request never stops the next one
                }
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // the reaper removes a leftover socket file
            }
        }
    }
}
