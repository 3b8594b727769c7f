package dev.podtriage.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.podtriage.diagnosis.Diagnosis;
import java.io.IOException;

/**
 * A Jackson module that writes every {@link Diagnosis}, wherever it occurs (a report's list, a
 * workload's pods, an answer of its own), through a {@link Shortcut}; what the shortcut declines
 * Jackson writes as it always does.
 */
final class DiagnosisShortcut extends SimpleModule {

    /** Writes a diagnosis some cheaper way, or returns false to leave it to Jackson. */
    @FunctionalInterface
    interface Shortcut {
        boolean write(Diagnosis d, JsonGenerator gen) throws IOException;
    }

    DiagnosisShortcut(Shortcut shortcut) {
        super("diagnosis-shortcut");
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription bean, JsonSerializer<?> serializer) {
                return bean.getBeanClass() == Diagnosis.class ? new Shortcutting((JsonSerializer<Object>) serializer, shortcut) : serializer;
            }
        });
    }

    /** The shortcut, in front of Jackson's own serializer (resolved and contextualised as Jackson would). */
    private static final class Shortcutting extends StdSerializer<Diagnosis> implements ResolvableSerializer, ContextualSerializer {
        private final JsonSerializer<Object> jackson;
        private final Shortcut shortcut;

        Shortcutting(JsonSerializer<Object> jackson, Shortcut shortcut) {
            super(Diagnosis.class);
            this.jackson = jackson;
            this.shortcut = shortcut;
        }

        @Override
        public void serialize(Diagnosis d, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (!shortcut.write(d, gen)) {
                jackson.serialize(d, gen, provider);
            }
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (jackson instanceof ResolvableSerializer r) {
                r.resolve(provider);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
            if (jackson instanceof ContextualSerializer c) {
                JsonSerializer<?> contextual = c.createContextual(provider, property);
                return contextual == jackson ? this : new Shortcutting((JsonSerializer<Object>) contextual, shortcut);
            }
            return this;
        }
    }
}
