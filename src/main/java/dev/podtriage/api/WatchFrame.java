package dev.podtriage.api;

/**
 * One frame of a watch stream: an event ({@code name}, JSON {@code data}, and {@code id} when it
 * may be resumed from), or a comment (the heartbeat).
 */
record WatchFrame(Long id, String name, String data, String comment) {
    static final WatchFrame HEARTBEAT = new WatchFrame(null, null, null, "heartbeat");

    static WatchFrame event(Long id, String name, String data) {
        return new WatchFrame(id, name, data, null);
    }
}
