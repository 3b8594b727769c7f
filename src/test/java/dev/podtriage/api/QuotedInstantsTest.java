package dev.podtriage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The committed YAML document reads the same in a YAML 1.1 reader as the JSON one: instants are strings. */
class QuotedInstantsTest {
    private static final Path YAML = Path.of("openapi", "openapi.yaml");
    private static final Path JSON = Path.of("openapi", "openapi.json");

    @Test
    void aYaml11ReaderFindsNoTimestampInTheCommittedDocument() throws Exception {
        Object read = new Yaml().load(Files.readString(YAML));
        List<String> timestamps = new ArrayList<>();
        collectDates(read, "", timestamps);
        assertTrue(timestamps.isEmpty(), () -> "unquoted instants in openapi/openapi.yaml (run ./mvnw package -DskipTests): " + timestamps);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(Files.readString(JSON));
        assertEquals(json, mapper.valueToTree(read), "openapi.yaml and openapi.json say different things");
    }

    @Test
    void quotesWholeInstantValuesOnly() {
        String yaml = "examples:\n- 2026-11-27T10:00:00Z\nmetadata:\n  creationTimestamp: 2026-11-27T09:50:12Z\n"
                + "items:\n- lastTimestamp: 2026-11-27T09:51:48.5Z\ndetail: such as 2026-11-27T10:00:00Z, or not\nname: \"2026-11-27T10:00:00Z\"\n";
        Object read = new Yaml().load(QuotedInstants.quote(yaml));
        List<String> timestamps = new ArrayList<>();
        collectDates(read, "", timestamps);
        assertEquals(List.of(), timestamps);
        assertEquals(Map.of("examples", List.of("2026-11-27T10:00:00Z"), "metadata", Map.of("creationTimestamp", "2026-11-27T09:50:12Z"),
                "items", List.of(Map.of("lastTimestamp", "2026-11-27T09:51:48.5Z")), "detail", "such as 2026-11-27T10:00:00Z, or not",
                "name", "2026-11-27T10:00:00Z"), read);
        assertEquals(QuotedInstants.quote(yaml), QuotedInstants.quote(QuotedInstants.quote(yaml)), "quoting twice changes nothing");
    }

    private static void collectDates(Object node, String where, List<String> out) {
        if (node instanceof Date) {
            out.add(where);
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectDates(v, where + "/" + k, out));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectDates(list.get(i), where + "/" + i, out);
            }
        }
    }
}
