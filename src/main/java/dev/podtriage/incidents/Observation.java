package dev.podtriage.incidents;

import dev.podtriage.diagnosis.Finding;

/** One member seen at one evaluation, with the root-cause finding that put it in its incident. */
public record Observation(IncidentKey key, Member member, Finding finding) {
}
