package dev.podtriage.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Shared secrets (API tokens, chat tokens) are kept and compared as SHA-256 digests: equal-length
 * values compared in constant time, and the secret itself is not held after start-up.
 */
public final class TokenDigest {
    private TokenDigest() {
    }

    public static byte[] of(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.strip().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code presented} is the secret behind {@code expected}, in constant time. */
    public static boolean matches(byte[] expected, String presented) {
        return MessageDigest.isEqual(expected, of(presented == null ? "" : presented));
    }
}
