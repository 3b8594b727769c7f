package dev.podtriage.api;

import dev.podtriage.render.MarkdownRenderer;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/** Diagnosis, Report and WorkloadReport as GitHub-flavoured Markdown ({@code Accept: text/markdown} or {@code format=markdown}). */
@Provider
@Produces(Renderings.MARKDOWN)
public class MarkdownWriter extends RenderingWriter {
    public MarkdownWriter() {
        super(new MarkdownRenderer()::render, MediaType.valueOf(Renderings.MARKDOWN));
    }
}
