package dev.podtriage.render;

/** One piece of context, e.g. cluster {@code prod-eu} or namespace {@code shop}. */
public record Fact(String label, Text value) {
}
