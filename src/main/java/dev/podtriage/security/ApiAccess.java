package dev.podtriage.security;

import dev.podtriage.config.TriageConfig;
import dev.podtriage.http.Problem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Who may call the API. With tokens configured, a caller presenting one of them (named in the
 * audit log); with none, callers on loopback only, judged by the connection's own address (never
 * X-Forwarded-For), unless {@code triage.auth.open=true}. A bad token stops start-up.
 */
@ApplicationScoped
public class ApiAccess {
    private static final Logger LOG = Logger.getLogger(ApiAccess.class);
    /** IPv4 or IPv6 literals only: a host name must never cause a DNS lookup here. */
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    /** The outcome for one request: the caller's name when granted, else the problem to answer. */
    public record Verdict(String who, Problem denial) {
        public boolean granted() {
            return denial == null;
        }
    }

    private final ApiTokens tokens;
    private final boolean open;

    @Inject
    ApiAccess(TriageConfig config) {
        this(new ApiTokens(config.auth().tokens()), config.auth().open());
    }

    ApiAccess(ApiTokens tokens, boolean open) {
        this.tokens = tokens;
        this.open = open;
    }

    void announce(@Observes StartupEvent ignored) {
        if (!tokens.none()) {
            LOG.infof("Bearer authentication on /api with %d token(s): %s", tokens.names().size(), String.join(", ", tokens.names()));
        } else if (open) {
            LOG.warn("No triage.auth.tokens.<name> configured and triage.auth.open=true: the /api endpoints are open to anyone who can reach this port.");
        } else {
            LOG.warn("No triage.auth.tokens.<name> configured: the /api endpoints answer only callers on loopback (set a token, or triage.auth.open=true).");
        }
    }

    /**
     * Judges one request from its {@code Authorization} header and the IP address of the connection's
     * peer (null when unknown, e.g. a Unix socket).
     */
    public Verdict check(String authorization, String peerAddress) {
        if (!tokens.none()) {
            return tokens.nameOf(authorization).map(name -> new Verdict(name, null)).orElseGet(() -> new Verdict("-", new Problem(
                    "urn:pod-triage:problem:unauthorized", "Unauthorized", 401, "Send a configured API token as `Authorization: Bearer <token>` (triage.auth.tokens.<name>).")));
        }
        if (open) {
            return new Verdict("anonymous", null);
        }
        if (isLoopback(peerAddress)) {
            return new Verdict("loopback", null);
        }
        return new Verdict("-", new Problem("urn:pod-triage:problem:loopback-only", "Forbidden", 403, "No API token is configured, so the API answers only callers on "
                + "loopback. Configure triage.auth.tokens.<name> and send it as `Authorization: Bearer <token>`, or set triage.auth.open=true."));
    }

    static boolean isLoopback(String address) {
        if (address == null || !IP_LITERAL.matcher(address).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
