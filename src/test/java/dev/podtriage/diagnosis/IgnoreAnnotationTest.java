package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The grammar of pod-triage.dev/ignore: what is an opt-out, and what is wrong with what is not. */
class IgnoreAnnotationTest {
    private static final Set<String> RULES = Set.of("readiness-probe-failed", "container-crash-loop", "quota-exceeded");

    private static IgnoreAnnotation.Parsed ok(String value) {
        IgnoreAnnotation.Result r = IgnoreAnnotation.parse(value, RULES);
        assertNull(r.problem(), () -> value + " should parse");
        return r.parsed();
    }

    private static String problem(String value) {
        IgnoreAnnotation.Result r = IgnoreAnnotation.parse(value, RULES);
        assertNull(r.parsed(), () -> value + " should not parse");
        return r.problem().markdown();
    }

    @Test
    void theAnnotationsOwnTextIsQuotedVerbatimInTheProblem() {
        IgnoreAnnotation.Result r = IgnoreAnnotation.parse("`rule` *all*; until=2026-12-31", RULES);
        assertEquals(Prose.of(Prose.code("`rule` *all*"), " is not key=value"), r.problem());
        assertEquals(r.problem(), Prose.fromMarkdown(r.problem().markdown()), "its Markdown reads back to the same text");
    }

    @Test
    void theIssueExampleNamesOneRuleADateAndAReason() {
        IgnoreAnnotation.Parsed p = ok("rule=readiness-probe-failed; until=2026-12-31; reason=known flaky");
        assertEquals(Set.of("readiness-probe-failed"), p.rules());
        assertEquals("readiness-probe-failed", p.ruleText());
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), p.until(), "a date is ignored through the end of that day, UTC");
        assertEquals("known flaky", p.reason());
        assertTrue(p.covers("readiness-probe-failed"));
        assertTrue(!p.covers("container-crash-loop"));
    }

    @Test
    void withoutRuleEveryRuleIsCovered() {
        IgnoreAnnotation.Parsed p = ok("until=2026-12-31");
        assertTrue(p.rules().isEmpty());
        assertNull(p.ruleText());
        assertNull(p.reason());
        assertTrue(p.covers("container-crash-loop") && p.covers("quota-exceeded"));
    }

    @Test
    void severalRulesAreCommaSeparatedAndKeysMayComeInAnyOrder() {
        IgnoreAnnotation.Parsed p = ok(" reason = migration week ;until=2026-12-08T12:30:00+02:00; rule=container-crash-loop, quota-exceeded ;");
        assertEquals(Set.of("container-crash-loop", "quota-exceeded"), p.rules());
        assertEquals("container-crash-loop,quota-exceeded", p.ruleText());
        assertEquals(Instant.parse("2026-12-08T10:30:00Z"), p.until(), "an RFC 3339 instant is taken as it is, offset applied");
        assertEquals("migration week", p.reason());
        assertTrue(!p.covers("readiness-probe-failed"));
    }

    @Test
    void anInstantInUtcIsTakenToTheSecond() {
        assertEquals(Instant.parse("2026-12-07T10:00:05Z"), ok("until=2026-12-07T10:00:05Z").until());
        assertEquals(Instant.parse("2026-12-07T10:00:05.250Z"), ok("until=2026-12-07t10:00:05.25z").until());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rule=readiness-probe-failed; reason=known flaky                 | no until=",
            "''                                                              | no until=",
            "until=                                                          | no until=",
            "until=31.12.2026                                                | `until=31.12.2026` is neither a date YYYY-MM-DD nor an RFC 3339 instant",
            "until=2026-02-30                                                | `until=2026-02-30` is neither a date",
            "until=2026-12-31T10:00:00                                       | `until=2026-12-31T10:00:00` is neither a date",
            "until=never                                                     | `until=never` is neither",
            "rule=readyness-probe-failed; until=2026-12-31                   | unknown rule ID `readyness-probe-failed`",
            "rule=container-crash-loop,nope; until=2026-12-31                | unknown rule ID `nope`",
            "rule=; until=2026-12-31                                         | rule= names no rule ID",
            "until=2026-12-31; until=2027-12-31                              | `until=` given twice",
            "until=2026-12-31; team=payments                                 | unknown key `team`",
            "until 2026-12-31                                                | `until 2026-12-31` is not key=value",
    })
    void whatIsNotAnOptOutSaysWhy(String value, String why) {
        String p = problem(value);
        assertTrue(p.contains(why), () -> "«" + p + "» should say " + why);
    }

    @Test
    void anOptOutWithoutExpiryIsRefusedBecauseNothingIsSilentForever() {
        assertTrue(problem("reason=known flaky").contains("an opt-out must expire"));
    }
}
