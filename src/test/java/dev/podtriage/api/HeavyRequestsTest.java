package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.podtriage.diagnosis.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Heavy requests are bounded ({@code triage.api.max-concurrent-reports}, 2 in tests): offline
 * diagnoses whose bodies never finish hold every permit, the next one is answered 503 with
 * Retry-After at once, other endpoints keep answering, and the permits come back when they end.
 */
@QuarkusTest
@TestProfile(HeavyRequestsTest.TwoAtOnce.class)
class HeavyRequestsTest {

    public static class TwoAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.api.max-concurrent-reports", "2");
        }
    }

    /** A POST whose chunked body is started but never finished: the request stays in flight. */
    private static Socket unfinishedDiagnose() throws IOException {
        Socket s = new Socket("localhost", RestAssured.port);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/v1/diagnose HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n9\r\n{\"kind\": \r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static Response diagnose() {
        return given().contentType("application/json").body(Fixtures.read("image/not-found-containerd.json"))
                .when().post("/api/v1/diagnose");
    }

    @Test
    void pastTheBoundHeavyRequestsGet503WithRetryAfterAndOthersFlow() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                held.add(unfinishedDiagnose());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> diagnose().statusCode() == 503);
            diagnose().then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", equalTo(HeavyRequests.RETRY_AFTER_SECONDS))
                    .body("type", equalTo("urn:pod-triage:problem:overloaded"))
                    .body("detail", containsString("triage.api.max-concurrent-reports"));
            given().when().get("/api/v1/rules").then().statusCode(200);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> diagnose().statusCode() == 200);
    }
}
