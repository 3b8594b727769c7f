package dev.podtriage.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand on a socket, like {@code curl --path-as-is}: the request target goes out
 * exactly as given (dot segments, matrix parameters, double slashes, %-escapes), which REST Assured
 * and java.net.http would normalise or refuse.
 */
public final class RawHttp {
    /** An answer: status, the headers as received (lowercase names), the body. */
    public record Answer(int status, String headers, String body) {
        public String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    public static Answer send(int port, String method, String target, String authorization, String contentType, String body) throws IOException {
        return send(InetAddress.getLoopbackAddress(), port, method, target, authorization, contentType, body);
    }

    public static Answer send(InetAddress host, int port, String method, String target, String authorization, String contentType,
                              String body) throws IOException {
        StringBuilder headers = new StringBuilder();
        if (authorization != null) {
            headers.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (contentType != null) {
            headers.append("Content-Type: ").append(contentType).append("\r\n");
        }
        return exchange(host, port, method + " " + target, headers.toString(), body);
    }

    /** A bodiless request with extra header lines, each ending in CRLF. */
    public static Answer sendWith(InetAddress host, int port, String methodAndTarget, String headers) throws IOException {
        return exchange(host, port, methodAndTarget, headers, null);
    }

    private static Answer exchange(InetAddress host, int port, String methodAndTarget, String headers, String body) throws IOException {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(methodAndTarget).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\nConnection: close\r\nAccept: */*\r\n").append(headers);
        if (body != null) {
            request.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no HTTP answer: " + text);
        }
        String head = text.substring(0, end);
        int status = Integer.parseInt(head.substring(9, 12));
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headerOf(head, "transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, head, body);
    }

    private static String headerOf(String head, String name) {
        return new Answer(0, head, "").header(name.toLowerCase(Locale.ROOT));
    }

    private static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = chunked.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < bytes.length) {
            int lineEnd = indexOfCrlf(bytes, i);
            int size = Integer.parseInt(new String(bytes, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(bytes, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }
}
