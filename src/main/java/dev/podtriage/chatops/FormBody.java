package dev.podtriage.chatops;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body, read only after the request was verified. */
final class FormBody {
    private final Map<String, String> fields;

    private FormBody(Map<String, String> fields) {
        this.fields = fields;
    }

    /** The fields of the body, the first value of each; {@link IllegalArgumentException} on a bad %-escape. */
    static FormBody parse(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String s = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return new FormBody(fields);
    }

    /** The field's value, or "" when absent. */
    String get(String name) {
        return fields.getOrDefault(name, "");
    }
}
