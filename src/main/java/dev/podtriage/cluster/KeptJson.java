package dev.podtriage.cluster;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What answers write of one kept diagnosis, computed once (on first use) and reused until the memo
 * replaces the diagnosis: its JSON as the API writes it, and the digest an {@code ETag} covers. The
 * API computes both with its own ObjectMapper; a race computes the same bytes twice, harmlessly.
 */
public final class KeptJson {
    private final AtomicReference<byte[]> json = new AtomicReference<>();
    private final AtomicReference<byte[]> digest = new AtomicReference<>();

    /** The JSON, written by {@code write} the first time. */
    public byte[] json(Supplier<byte[]> write) {
        return once(json, write);
    }

    /** The digest of the content an ETag covers, computed by {@code digest} the first time. */
    public byte[] digest(Supplier<byte[]> digest) {
        return once(this.digest, digest);
    }

    /** Whether the JSON was written already: the next answer that lists the diagnosis reuses it. */
    public boolean written() {
        return json.get() != null;
    }

    private static byte[] once(AtomicReference<byte[]> kept, Supplier<byte[]> make) {
        byte[] b = kept.get();
        if (b == null) {
            b = make.get();
            kept.set(b);
        }
        return b;
    }
}
