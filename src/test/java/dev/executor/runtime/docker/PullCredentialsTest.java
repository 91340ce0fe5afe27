package dev.executor.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.runtime.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which config supplies a pull's credentials: the job's, else the executor's, else the host's. */
class PullCredentialsTest {

    private static final ImageReference IMAGE = ImageReference.parse("r.io/team/app:1");
    private static final RegistryCredentials JOB =
            RegistryCredentials.parse("{\"auths\":{\"r.io\":{\"username\":\"job\",\"password\":\"job-pw\"}}}");
    private static final RegistryCredentials JOB_OTHER_REGISTRY =
            RegistryCredentials.parse("{\"auths\":{\"other.io\":{\"username\":\"job\",\"password\":\"job-pw\"}}}");
    private static final RegistryCredentials EXECUTOR =
            RegistryCredentials.parse("{\"auths\":{\"r.io\":{\"username\":\"exe\",\"password\":\"exe-pw\"}}}");

    @TempDir
    Path home;

    private Path hostConfig(String json) throws Exception {
        Path dir = home.resolve(".docker");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), json);
        return dir;
    }

    @Test
    void theJobsConfigWinsWhenItHasEntries() throws Exception {
        PullCredentials p = new PullCredentials(EXECUTOR, hostConfig("{\"auths\":{\"r.io\":{\"username\":\"host\",\"password\":\"h\"}}}"));
        PullCredentials.Choice choice = p.choose(JOB, IMAGE);
        assertEquals("job", choice.credential().orElseThrow().username());
        assertEquals("with credentials for r.io from the job's dockerAuthConfig", choice.describe("r.io"));
        assertEquals("job-pw", choice.authConfig("r.io").getPassword());
        assertEquals("<the job's dockerAuthConfig>", p.configLabel(JOB));
    }

    @Test
    void aJobConfigWithoutThisRegistryMeansAnAnonymousPullNotTheNextConfig() {
        PullCredentials.Choice choice = new PullCredentials(EXECUTOR, null).choose(JOB_OTHER_REGISTRY, IMAGE);
        assertTrue(choice.credential().isEmpty());
        assertNull(choice.authConfig("r.io").getPassword());
        assertEquals("without credentials (the job's dockerAuthConfig has none for r.io)", choice.describe("r.io"));
    }

    @Test
    void theExecutorsConfigComesNext() throws Exception {
        PullCredentials p = new PullCredentials(EXECUTOR, hostConfig("{\"auths\":{\"r.io\":{\"username\":\"host\",\"password\":\"h\"}}}"));
        assertEquals("exe", p.choose(RegistryCredentials.NONE, IMAGE).credential().orElseThrow().username());
        assertEquals("<EXECUTOR_DOCKER_AUTH_CONFIG>", p.configLabel(RegistryCredentials.NONE));
    }

    @Test
    void theHostsDockerConfigIsTheLastResortAndIsNotShownAsConfig() throws Exception {
        Path dir = hostConfig("{\"auths\":{\"https://r.io/v1/\":{\"auth\":\"aG9zdDpob3N0LXB3\"}}}");
        PullCredentials p = new PullCredentials(RegistryCredentials.NONE, dir);
        PullCredentials.Choice choice = p.choose(RegistryCredentials.NONE, IMAGE);
        assertEquals("host-pw", choice.credential().orElseThrow().password());
        assertEquals("with credentials for r.io from " + dir.resolve("config.json"), choice.describe("r.io"));
        assertNull(p.configLabel(RegistryCredentials.NONE));
    }

    @Test
    void anUnreadableHostConfigMeansAnonymousLikeTheDockerCli() throws Exception {
        PullCredentials p = new PullCredentials(RegistryCredentials.NONE, hostConfig("{broken"));
        assertTrue(p.choose(RegistryCredentials.NONE, IMAGE).credential().isEmpty());
        PullCredentials none = new PullCredentials(RegistryCredentials.NONE, home.resolve("missing"));
        assertEquals("without credentials", none.choose(RegistryCredentials.NONE, IMAGE).describe("r.io"));
        assertFalse(none.choose(RegistryCredentials.NONE, IMAGE).credential().isPresent());
    }
}
