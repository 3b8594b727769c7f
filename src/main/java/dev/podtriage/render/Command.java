package dev.podtriage.render;

/** One line of a help message: how to call a command and what it does (backticks mark code). */
public record Command(String usage, String description) {
}
