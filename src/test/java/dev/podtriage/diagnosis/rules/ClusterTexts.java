package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;

/** Cluster text with Markdown in it, for proving that findings quote it as it is. */
final class ClusterTexts {
    /** Backticks (one and a run of two), asterisks, underscores and an angle bracket: all markup to a Markdown reader. */
    static final String MARKUP = "`x` and ``y`` *not bold* _not_em_ <b>";

    private ClusterTexts() {
    }

    /**
     * Diagnoses the fixture's first pod with one piece of its cluster text (as the JSON file writes it) replaced, asserts the
     * root cause's rule and that its message quotes {@code said} as code ({@link #assertQuotedAsCode}), and returns it.
     */
    static Finding assertMessageQuotes(String path, String original, String replacement, String rule, String said) {
        String json = Fixtures.read(path);
        assertTrue(json.contains(original), () -> path + " should hold " + original);
        Finding root = Fixtures.assertRootCause(diagnoseEdited(json.replace(original, replacement)), rule, null);
        assertQuotedAsCode(root.message(), said);
        return root;
    }

    /** The first pod of a fixture whose JSON a test has edited. */
    static Diagnosis diagnoseEdited(String json) {
        return Fixtures.ENGINE.diagnose(SnapshotAssembler.assemble(new ManifestReader().read(json, false)).get(0), Fixtures.AT, "offline");
    }

    /**
     * The text holds {@code quoted} as one whole code part, character for character, and everything
     * {@link #assertQuotedAsCode} asks: cluster text with backticks or Markdown punctuation is neither altered nor mangled.
     */
    static void assertQuotedVerbatim(Prose text, String quoted) {
        assertTrue(text.parts().contains(new Prose.Part(Prose.Kind.CODE, quoted)), () -> "a code part " + quoted + " in " + text.parts());
        assertQuotedAsCode(text, quoted);
    }

    /** The text holds {@code said} unaltered inside one code part, reads the same as it is written, and reads back from its Markdown. */
    static void assertQuotedAsCode(Prose text, String said) {
        assertTrue(text.parts().stream().anyMatch(p -> p.kind() == Prose.Kind.CODE && p.text().contains(said)),
                () -> "a code part should hold " + said + ": " + text.parts());
        assertTrue(text.plain().contains(said), () -> text.plain());
        assertEquals(text, Prose.fromMarkdown(text.markdown()), () -> text.markdown());
    }
}
