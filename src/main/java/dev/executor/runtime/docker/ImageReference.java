package dev.executor.runtime.docker;

import dev.executor.runtime.RegistryCredentials;

/**
 * A step's image reference split the way Docker does: {@code [registry/]path[:tag][@digest]}. The first
 * path component is a registry when it has a {@code .} or {@code :} or is {@code localhost}; otherwise the
 * image is on Docker Hub. Needed to pick credentials by registry, and to pull one tag (the API pulls
 * every tag of a repository when none is given).
 *
 * @param registry   the registry host ({@code docker.io} for Docker Hub)
 * @param repository the reference without tag or digest, as written (e.g. {@code alpine}, {@code r.io:5000/team/app})
 * @param tag        the tag; {@code latest} when neither tag nor digest is given, null with a digest only
 * @param digest     e.g. {@code sha256:...}, or null
 */
record ImageReference(String registry, String repository, String tag, String digest) {

    static ImageReference parse(String image) {
        String rest = image.trim();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        String registry = RegistryCredentials.DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = RegistryCredentials.host(first);
            }
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** What the pull API takes as {@code tag}: the digest when there is one (it accepts either). */
    String tagOrDigest() {
        return digest != null ? digest : tag;
    }

    /** The full reference, e.g. {@code alpine:latest}. */
    String canonical() {
        return repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
