package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageRefTest {
    private static final String DIGEST = "sha256:4f1d2b7c9e0a3d5f6b8c1e2a4d7f9b0c3e5a8d1f2b4c6e9a0d3f5b7c8e1a2d4f";

    private static void assertRef(String image, String registry, String repository, String tag, String digest) {
        ImageRef r = ImageRef.parse(image);
        assertEquals(image, r.original(), "original");
        assertEquals(registry, r.registry(), () -> "registry of " + image);
        assertEquals(repository, r.repository(), () -> "repository of " + image);
        assertEquals(tag, r.tag(), () -> "tag of " + image);
        assertEquals(digest, r.digest(), () -> "digest of " + image);
    }

    @Test
    void officialImagesLiveInLibraryOnDockerHub() {
        assertRef("nginx", "docker.io", "library/nginx", "latest", null);
        assertRef("nginx:1.99", "docker.io", "library/nginx", "1.99", null);
        assertEquals("docker.io/library/nginx:1.99", ImageRef.parse("nginx:1.99").canonical());
        assertTrue(ImageRef.parse("nginx:1.99").dockerHub());
    }

    @Test
    void dockerHubIsNormalisedWhateverItIsCalled() {
        assertRef("docker.io/nginx:1.25", "docker.io", "library/nginx", "1.25", null);
        assertRef("docker.io/library/nginx:1.25", "docker.io", "library/nginx", "1.25", null);
        assertRef("index.docker.io/library/nginx:1.25", "docker.io", "library/nginx", "1.25", null);
        assertRef("acme/private:1.0", "docker.io", "acme/private", "1.0", null);
        assertEquals("docker.io/acme/private:1.0", ImageRef.parse("acme/private:1.0").canonical());
    }

    @Test
    void registryWithPortIsNotMistakenForATag() {
        assertRef("registry.example.com:5000/team/app:v2", "registry.example.com:5000", "team/app", "v2", null);
        assertRef("registry.example.com:5000/team/app", "registry.example.com:5000", "team/app", "latest", null);
        ImageRef r = ImageRef.parse("registry.example.com:5000/team/app:v2");
        assertEquals("registry.example.com", r.registryHost());
        assertEquals("5000", r.registryPort());
        assertEquals("registry.example.com:5000/team/app", r.name());
        assertFalse(r.dockerHub());
        assertRef("10.0.0.5:5000/team/app:v2", "10.0.0.5:5000", "team/app", "v2", null);
        assertNull(ImageRef.parse("ghcr.io/acme/app:1").registryPort());
    }

    @Test
    void hostsAreRecognisedByDotColonLocalhostOrUpperCase() {
        assertRef("ghcr.io/acme/shop-migrate:v1.8.0", "ghcr.io", "acme/shop-migrate", "v1.8.0", null);
        assertRef("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2",
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "shop/api", "1.4.2", null);
        assertRef("localhost/app:dev", "localhost", "app", "dev", null);
        assertRef("localhost:5000/app", "localhost:5000", "app", "latest", null);
        // a plain lower-case first component is a Docker Hub namespace, not a host
        assertRef("team/app:dev", "docker.io", "team/app", "dev", null);
        assertRef("Registry/app:dev", "Registry", "app", "dev", null);
    }

    @Test
    void digests() {
        assertRef("registry.example.com/team/app@" + DIGEST, "registry.example.com", "team/app", null, DIGEST);
        assertEquals("registry.example.com/team/app@" + DIGEST,
                ImageRef.parse("registry.example.com/team/app@" + DIGEST).canonical());
        assertEquals("digest `" + DIGEST + "`", ImageRef.parse("nginx@" + DIGEST).version().markdown());
        assertRef("nginx@" + DIGEST, "docker.io", "library/nginx", null, DIGEST);
        assertRef("nginx:1.25@" + DIGEST, "docker.io", "library/nginx", "1.25", DIGEST);
        assertRef("localhost:5000/app:v1@" + DIGEST, "localhost:5000", "app", "v1", DIGEST);
        assertEquals("tag `1.25`", ImageRef.parse("nginx:1.25").version().markdown());
    }

    @Test
    void invalidOrMissingReferencesDoNotThrow() {
        assertRef("Nginx:Latest", "docker.io", "library/Nginx", "Latest", null);
        ImageRef empty = ImageRef.parse("");
        assertEquals("docker.io", empty.registry());
        assertEquals("", empty.repository());
        ImageRef none = ImageRef.parse(null);
        assertNull(none.original());
        assertEquals("latest", none.tag());
        assertRef("registry.example.com:5000/team/app:", "registry.example.com:5000", "team/app", "", null);
    }
}
