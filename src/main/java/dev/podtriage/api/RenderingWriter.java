package dev.podtriage.api;

import dev.podtriage.render.Message;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

/** Writes a Diagnosis, Report or WorkloadReport through one renderer, for one media type. */
abstract class RenderingWriter implements MessageBodyWriter<Object> {
    private final Function<Message, String> renderer;
    private final MediaType type;

    RenderingWriter(Function<Message, String> renderer, MediaType type) {
        this.renderer = renderer;
        this.type = type;
    }

    @Override
    public boolean isWriteable(Class<?> entityType, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Renderings.renders(entityType);
    }

    @Override
    public void writeTo(Object entity, Class<?> entityType, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        Renderings.write(renderer.apply(Renderings.message(entity)), type, headers, out);
    }
}
