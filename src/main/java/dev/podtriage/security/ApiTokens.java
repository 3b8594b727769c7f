package dev.podtriage.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API's bearer tokens ({@code triage.auth.tokens.<name>}), kept as SHA-256 digests by name.
 * A blank token, or one shorter than {@value #MIN_LENGTH} characters, is refused when the service
 * starts: a mistyped Secret must not leave the API open or guessable.
 */
public final class ApiTokens {
    public static final int MIN_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    private final Map<String, byte[]> digests = new LinkedHashMap<>();

    public ApiTokens(Map<String, String> tokens) {
        tokens.forEach((name, token) -> {
            String value = token == null ? "" : token.strip();
            if (value.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("triage.auth.tokens." + name + " is " + (value.isEmpty() ? "blank" : "shorter than "
                        + MIN_LENGTH + " characters") + ": set a long random token (e.g. `openssl rand -hex 24`) or remove the setting.");
            }
            digests.put(name, TokenDigest.of(value));
        });
    }

    public boolean none() {
        return digests.isEmpty();
    }

    public Set<String> names() {
        return digests.keySet();
    }

    /**
     * The name of the token an {@code Authorization} header presents, or empty when it presents none
     * of them. Every token is compared, in constant time: no early exit.
     */
    public Optional<String> nameOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String presented = authorization.substring(BEARER.length());
        String match = null;
        for (Map.Entry<String, byte[]> e : digests.entrySet()) {
            if (TokenDigest.matches(e.getValue(), presented) && match == null) {
                match = e.getKey();
            }
        }
        return Optional.ofNullable(match);
    }
}
