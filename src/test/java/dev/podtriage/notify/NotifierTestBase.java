package dev.podtriage.notify;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** What every notifier test needs: a receiver on loopback and a harness to close after each test. */
abstract class NotifierTestBase {
    protected final Receiver receiver;
    protected Harness h;

    protected NotifierTestBase() {
        this(200);
    }

    /** @param status what the receiver answers */
    protected NotifierTestBase(int status) {
        this.receiver = new Receiver(status);
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
        receiver.close();
    }

    /** Minutes on the test's clock. */
    protected static Duration min(double m) {
        return Duration.ofSeconds((long) (m * 60));
    }
}
