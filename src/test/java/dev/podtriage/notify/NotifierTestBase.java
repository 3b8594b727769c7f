package dev.podtriage.notify;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** What every notifier test needs: a receiver on loopback and a harness to close after each test. */
abstract class NotifierTestBase {
    protected final Receiver receiver = new Receiver(200);
    protected Harness h;

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
