package dev.podtriage.chatops;

import org.jboss.logging.Logger;

/** The audit log of chat commands: platform IDs only, no control characters, bounded. */
final class ChatAudit {
    private static final Logger AUDIT = Logger.getLogger("dev.podtriage.audit");

    private ChatAudit() {
    }

    /** Who asked what, once the request is verified. */
    static void command(String platform, FormBody form, String slash, ChatCommand.Parsed parsed) {
        AUDIT.infof("%s team=%s user=%s channel=%s %s %s%s", platform, id(form.get("team_id")), id(form.get("user_id")),
                id(form.get("channel_id")), slash, parsed.command().describe(), parsed.inChannel() ? " --public" : "");
    }

    /** A request that failed verification: nothing was run. */
    static void refused(String platform, String reason) {
        AUDIT.infof("%s command refused: %s", platform, reason);
    }

    static String id(String value) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        String s = value.strip().replaceAll("[^A-Za-z0-9._-]", "?");
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
