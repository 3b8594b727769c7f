package dev.podtriage.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts the Pods of a JSON body while streaming over it, before anything is built from it: a
 * {@code kind: Pod} at the top, or in an object directly inside the top-level {@code items}. A body
 * that is not valid JSON counts what it holds up to the error (the reader reports the error).
 */
final class PodCount {
    private static final JsonFactory JSON = new JsonFactory();

    private PodCount() {
    }

    /** Pods in {@code body}, counting stops past {@code limit}. */
    static long inJson(String body, long limit) {
        long pods = 0;
        Deque<Boolean> itemObject = new ArrayDeque<>(); // per open object: is it the top or a top-level item
        try (JsonParser p = JSON.createParser(body)) {
            for (JsonToken t = p.nextToken(); t != null && pods <= limit; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT) {
                    JsonStreamContext c = p.getParsingContext();
                    boolean item = c.getNestingDepth() == 3 && c.getParent().inArray()
                            && "items".equals(c.getParent().getParent().getCurrentName());
                    itemObject.push(c.getNestingDepth() == 1 || item);
                } else if (t == JsonToken.END_OBJECT) {
                    itemObject.poll();
                } else if (t == JsonToken.FIELD_NAME && "kind".equals(p.currentName()) && Boolean.TRUE.equals(itemObject.peek())) {
                    if (p.nextToken() == JsonToken.VALUE_STRING && "Pod".equals(p.getText())) {
                        pods++;
                    }
                }
            }
        } catch (IOException malformed) {
            // the reader says where
        }
        return pods;
    }
}
