package dev.podtriage.chatops;

/** Values quoted in the audit log: platform IDs only, no control characters, bounded. */
final class ChatAudit {
    private ChatAudit() {
    }

    static String id(String value) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        String s = value.strip().replaceAll("[^A-Za-z0-9._-]", "?");
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
