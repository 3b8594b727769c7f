package dev.podtriage.api;

import dev.podtriage.render.TextRenderer;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/** Diagnosis, Report and WorkloadReport as plain text for terminals ({@code Accept: text/plain} or {@code format=text}). */
@Provider
@Produces(MediaType.TEXT_PLAIN)
public class PlainTextWriter extends RenderingWriter {
    public PlainTextWriter() {
        super(new TextRenderer()::render, MediaType.TEXT_PLAIN_TYPE);
    }
}
