package dev.executor.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "alpine                               | docker.io          | alpine                     | latest | -",
            "alpine:3.19                          | docker.io          | alpine                     | 3.19   | -",
            "sourcegraph/batcheshelper:5.3        | docker.io          | sourcegraph/batcheshelper  | 5.3    | -",
            "docker.io/library/ubuntu             | docker.io          | docker.io/library/ubuntu   | latest | -",
            "index.docker.io/library/ubuntu:22.04 | docker.io          | index.docker.io/library/ubuntu | 22.04 | -",
            "127.0.0.1:5000/team/app:1.0          | 127.0.0.1:5000     | 127.0.0.1:5000/team/app    | 1.0    | -",
            "localhost/app                        | localhost          | localhost/app              | latest | -",
            "ghcr.io/o/r@sha256:abcd              | ghcr.io            | ghcr.io/o/r                | -      | sha256:abcd",
            "r.io:443/a:t@sha256:ef01             | r.io:443           | r.io:443/a                 | t      | sha256:ef01",
            "team/app                             | docker.io          | team/app                   | latest | -",
    })
    void splitsLikeDocker(String image, String registry, String repository, String tag, String digest) {
        ImageReference ref = ImageReference.parse(image);
        assertEquals(new ImageReference(registry, repository, tag, digest), ref);
        assertEquals(digest != null ? digest : tag, ref.tagOrDigest());
    }
}
