package dev.podtriage.diagnosis.input;

/** A manifest the reader cannot accept; the message says what was expected and where. */
public class ManifestException extends RuntimeException {
    public ManifestException(String message) {
        super(message);
    }
}
