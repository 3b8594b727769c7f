package dev.podtriage.store;

import dev.podtriage.stream.SubjectRef;

/** Which episode: one finding ({@link dev.podtriage.diagnosis.Finding#key()}) of one object (its uid included). */
record EpisodeKey(String kind, String namespace, String name, String uid, String findingKey) {

    static EpisodeKey of(SubjectRef subject, String findingKey) {
        return new EpisodeKey(subject.kind(), subject.namespace(), subject.name(), subject.uid() == null ? "" : subject.uid(), findingKey);
    }
}
