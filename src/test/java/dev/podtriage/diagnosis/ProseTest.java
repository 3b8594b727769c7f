package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProseTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void namesAreCodeSpansAndWordsStayWords() {
        Prose p = Prose.of("Image ", Prose.code("nginx:1.99"), " of pod ", Prose.code("web-1"), " does not exist");
        assertEquals("Image `nginx:1.99` of pod `web-1` does not exist", p.markdown());
        assertEquals("Image nginx:1.99 of pod web-1 does not exist", p.plain());
        assertEquals(List.of(Prose.Kind.WORDS, Prose.Kind.CODE, Prose.Kind.WORDS, Prose.Kind.CODE, Prose.Kind.WORDS),
                p.parts().stream().map(Prose.Part::kind).toList());
    }

    @Test
    void clusterTextWithBackticksIsQuotedUnalteredAndReadBack() {
        String said = "exec: \"`date`\": executable file not found in $PATH";
        Prose p = Prose.of("The runtime said ", Prose.code(said), ".");
        assertEquals("The runtime said ``exec: \"`date`\": executable file not found in $PATH``.", p.markdown());
        assertEquals(p, Prose.fromMarkdown(p.markdown()));
        assertEquals(said, Prose.fromMarkdown(p.markdown()).parts().get(1).text());
    }

    @Test
    void codeThatStartsWithABacktickIsPadded() {
        Prose p = Prose.code("`a``b");
        assertEquals("``` `a``b ```", p.markdown());
        assertEquals(p, Prose.fromMarkdown(p.markdown()));
    }

    @Test
    void wordsEscapeOnlyWhatWouldBeMarkup() {
        Prose p = Prose.words("NOT_SERVING, /_health, *all*, <none>, a ` tick, [x](y), C:\\dir\\ and 3 < 4");
        assertEquals("NOT_SERVING, /\\_health, \\*all\\*, \\<none>, a \\` tick, [x\\](y), C:\\dir\\ and 3 < 4", p.markdown());
        assertEquals(p, Prose.fromMarkdown(p.markdown()));
    }

    @Test
    void anUnpairedOrEscapedBacktickInAuthoredMarkdownIsLiteral() {
        assertEquals(Prose.words("only ` one"), Prose.fromMarkdown("only ` one"));
        assertEquals(Prose.of("a stray ` backtick and ", Prose.code("code")), Prose.fromMarkdown("a stray \\` backtick and `code`"));
    }

    @Test
    void adjacentPartsOfOneKindAreOnePartSoEqualTextsAreEqual() {
        assertEquals(Prose.words("ab"), Prose.of("a", "b"));
        assertEquals(Prose.code("ab"), Prose.of(Prose.code("a"), Prose.code("b")));
        assertEquals(Prose.EMPTY, Prose.of("", Prose.code("")));
    }

    @Test
    void theJsonContractIsTheMarkdownStringBothWays() throws Exception {
        Prose p = Prose.of("Secret ", Prose.code("db-creds"), " has no key ", Prose.code("pass`word"));
        String written = json.writeValueAsString(p);
        assertEquals("\"Secret `db-creds` has no key ``pass`word``\"", written);
        assertEquals(p, json.readValue(written, Prose.class));
    }

    @Test
    void codesAndJoinSeparateWithWords() {
        assertEquals("`a`, `b`", Prose.codes(List.of("a", "b")).markdown());
        assertEquals("x or `y`", Prose.join(" or ", List.of("x", Prose.code("y"))).markdown());
    }

    @Test
    void mapKeepsKinds() {
        Prose p = Prose.of("token ", Prose.code("abc"));
        assertEquals(Prose.of("TOKEN ", Prose.code("ABC")), p.map(String::toUpperCase));
    }
}
