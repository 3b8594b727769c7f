package dev.podtriage.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of the mock API server, like a load balancer whose connections
 * can go silent: {@link #silence()} makes every open connection swallow what passes (no close, no
 * error) and new connections hang the same way; {@link #resume()} lets new connections through
 * again while the silenced ones stay silent, as a stale NAT entry does.
 */
public final class SilenceableProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean silent;

    private final class Link {
        final Socket down;
        final Socket up;
        volatile boolean mute;

        Link(Socket down, Socket up) {
            this.down = down;
            this.up = up;
        }

        void pump(InputStream in, OutputStream out) {
            byte[] buf = new byte[16384];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (!mute) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // one side went away
            } finally {
                closeQuietly();
            }
        }

        void closeQuietly() {
            try {
                down.close();
                up.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    public SilenceableProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "silenceable-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public void silence() {
        silent = true;
        links.forEach(l -> l.mute = true);
    }

    public void resume() {
        silent = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket down = server.accept();
                Socket up = new Socket();
                up.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
                Link l = new Link(down, up);
                l.mute = silent;
                links.add(l);
                start(() -> l.pump(down.getInputStream(), up.getOutputStream()));
                start(() -> l.pump(up.getInputStream(), down.getOutputStream()));
            } catch (IOException e) {
                // closed, or the upstream refused: the client sees a failed connection
            }
        }
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void start(Io io) {
        Thread t = new Thread(() -> {
            try {
                io.run();
            } catch (IOException ignored) {
                // closed
            }
        }, "silenceable-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        links.forEach(Link::closeQuietly);
    }
}
