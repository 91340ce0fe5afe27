package dev.executor.runtime.docker;

import com.github.dockerjava.api.model.AuthConfig;
import dev.executor.runtime.RegistryCredentials;
import dev.executor.runtime.RegistryCredentials.Credential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Chooses the credentials for a pull as Sourcegraph's executor does with {@code docker --config}: the
 * job's {@code dockerAuthConfig} when it has entries, else {@code EXECUTOR_DOCKER_AUTH_CONFIG}, else the
 * host's {@code $HOME/.docker/config.json}. The chosen config alone is searched for the image's registry
 * (no fallback to the next one), and without an entry the pull is anonymous.
 */
final class PullCredentials {

    private static final Logger LOG = Logger.getLogger(PullCredentials.class);

    static final String JOB_SOURCE = "the job's dockerAuthConfig";
    static final String EXECUTOR_SOURCE = "EXECUTOR_DOCKER_AUTH_CONFIG";

    /** The credential chosen for one image, and where it came from (for messages; never a secret). */
    record Choice(String source, Optional<Credential> credential) {

        /** The request's auth: the credential, or an empty one so docker-java adds nothing of its own. */
        AuthConfig authConfig(String registry) {
            AuthConfig auth = new AuthConfig().withRegistryAddress(registry);
            credential.ifPresent(c -> auth.withUsername(c.username()).withPassword(c.password())
                    .withIdentityToken(c.identityToken()).withRegistrytoken(c.registryToken()));
            return auth;
        }

        /** How the pull authenticated, e.g. {@code with credentials for r.io from EXECUTOR_DOCKER_AUTH_CONFIG}. */
        String describe(String registry) {
            if (credential.isPresent()) {
                return "with credentials for " + registry + " from " + source;
            }
            return source == null ? "without credentials" : "without credentials (" + source + " has none for " + registry + ")";
        }
    }

    private final RegistryCredentials executor;
    private final Path hostConfigDir;

    /**
     * @param executor      {@code EXECUTOR_DOCKER_AUTH_CONFIG}, parsed
     * @param hostConfigDir {@code $HOME/.docker}, or null
     */
    PullCredentials(RegistryCredentials executor, Path hostConfigDir) {
        this.executor = executor;
        this.hostConfigDir = hostConfigDir;
    }

    Choice choose(RegistryCredentials job, ImageReference image) {
        if (!job.isEmpty()) {
            return new Choice(JOB_SOURCE, job.forRegistry(image.registry()));
        }
        if (!executor.isEmpty()) {
            return new Choice(EXECUTOR_SOURCE, executor.forRegistry(image.registry()));
        }
        Optional<Path> file = hostConfigFile();
        if (file.isEmpty()) {
            return new Choice(null, Optional.empty());
        }
        return new Choice(file.get().toString(), readHostConfig(file.get()).forRegistry(image.registry()));
    }

    /**
     * What the logged {@code docker run} shows after {@code --config} when the job or the executor supplies
     * credentials (Sourcegraph writes them to a temporary directory; we hand them to the API and never write
     * them to disk), or null when the host's own config applies, as in Sourcegraph.
     */
    String configLabel(RegistryCredentials job) {
        if (!job.isEmpty()) {
            return "<" + JOB_SOURCE + ">";
        }
        return executor.isEmpty() ? null : "<" + EXECUTOR_SOURCE + ">";
    }

    private Optional<Path> hostConfigFile() {
        if (hostConfigDir == null) {
            return Optional.empty();
        }
        Path file = hostConfigDir.resolve("config.json");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Read at every pull, so a {@code docker login} on the host takes effect without a restart. */
    private static RegistryCredentials readHostConfig(Path file) {
        try {
            return RegistryCredentials.parse(Files.readString(file));
        } catch (IOException | IllegalArgumentException e) {
            // The docker CLI also carries on without credentials when its config is unreadable.
            LOG.warnf("Ignoring %s for image pulls: %s", file, e.getMessage());
            return RegistryCredentials.NONE;
        }
    }
}
