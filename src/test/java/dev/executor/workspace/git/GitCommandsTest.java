package dev.executor.workspace.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.executor.model.Job;
import dev.executor.workspace.WorkspaceException;
import dev.executor.workspace.git.GitCommands.GitCommand;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitCommandsTest {

    static final String COMMIT = "d07530f46e1eec4e40346e24af34dcc6750ad39f";
    static final Path REPO = Path.of("/tmp/workspace-1-x/repository");

    static Job job(String extraJson) {
        return job("github.com/acme/api", COMMIT, extraJson);
    }

    static Job job(String repositoryName, String commit, String extraJson) {
        ObjectMapper json = dev.executor.queue.JobJson.mapper();
        try {
            return json.readValue("{\"id\": 7, \"repositoryName\": " + json.writeValueAsString(repositoryName)
                    + ", \"commit\": " + json.writeValueAsString(commit) + extraJson + "}", Job.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> argv(String... args) {
        return List.of(args);
    }

    @Test
    void plainCloneIsSourcegraphsSequence() {
        List<GitCommand> plan = GitCommands.plan(job(""), REPO, 41234);
        String r = REPO.toString();
        assertEquals(List.of(
                new GitCommand("setup.git.init", argv("git", "-C", r, "init")),
                new GitCommand("setup.git.add-remote", argv("git", "-C", r, "remote", "add", "origin",
                        "http://127.0.0.1:41234/github.com/acme/api")),
                new GitCommand("setup.git.disable-gc", argv("git", "-C", r, "config", "--local", "gc.auto", "0")),
                new GitCommand("setup.git.fetch", argv("git", "-C", r, "-c", "protocol.version=2", "fetch", "--progress",
                        "--no-recurse-submodules", "origin", COMMIT)),
                new GitCommand("setup.git.checkout", argv("git", "-C", r, "checkout", "--progress", "--force", COMMIT)),
                new GitCommand("setup.git.set-remote", argv("git", "-C", r, "remote", "set-url", "origin",
                        "github.com/acme/api"))), plan);
    }

    @ParameterizedTest(name = "fetchTags={0} shallow={1} sparse={2}")
    @CsvSource({
            "false, false, false, ''",
            "true, false, false, --tags",
            "false, true, false, --no-tags --depth=1",
            "true, true, false, --tags --depth=1",
            "false, false, true, --filter=blob:none",
            "true, true, true, --tags --depth=1 --filter=blob:none",
            "false, true, true, --no-tags --depth=1 --filter=blob:none"})
    void fetchFlagsComeJustBeforeOriginInSourcegraphsOrder(boolean tags, boolean shallow, boolean sparse, String flags) {
        Job job = job(", \"fetchTags\": " + tags + ", \"shallowClone\": " + shallow
                + (sparse ? ", \"sparseCheckout\": [\"a/*\"]" : ""));
        List<String> fetch = GitCommands.plan(job, REPO, 1).stream()
                .filter(c -> c.key().equals("setup.git.fetch")).findFirst().orElseThrow().argv();
        String expected = "git -C " + REPO + " -c protocol.version=2 fetch --progress --no-recurse-submodules "
                + (flags.isEmpty() ? "" : flags + " ") + "origin " + COMMIT;
        assertEquals(expected, String.join(" ", fetch));
    }

    @Test
    void sparseCheckoutConfiguresPatternsAndChecksOutWithProtocolV2() {
        List<GitCommand> plan = GitCommands.plan(job(", \"sparseCheckout\": [\"a/*\", \"b/c.txt\"]"), REPO, 1);
        assertEquals(List.of("setup.git.init", "setup.git.add-remote", "setup.git.disable-gc", "setup.git.fetch",
                "setup.git.sparse-checkout-config", "setup.git.sparse-checkout-set", "setup.git.checkout",
                "setup.git.set-remote"), plan.stream().map(GitCommand::key).toList());
        String r = REPO.toString();
        assertEquals(argv("git", "-C", r, "config", "--local", "core.sparseCheckout", "1"), plan.get(4).argv());
        assertEquals(argv("git", "-C", r, "sparse-checkout", "set", "--no-cone", "--", "a/*", "b/c.txt"), plan.get(5).argv());
        assertEquals(argv("git", "-C", r, "-c", "protocol.version=2", "checkout", "--progress", "--force", COMMIT),
                plan.get(6).argv());
    }

    @Test
    void anEmptySparseListIsNoSparseCheckout() {
        List<GitCommand> plan = GitCommands.plan(job(", \"sparseCheckout\": []"), REPO, 1);
        assertTrue(plan.stream().noneMatch(c -> c.key().startsWith("setup.git.sparse")));
    }

    @Test
    void noCommandCarriesACredential() {
        // the plan has no way to receive one: only the loopback port goes in
        String all = GitCommands.plan(job(", \"token\": \"0123456789abcdef0123456789abcdef01234567\""), REPO, 1).toString();
        assertTrue(!all.contains("0123456789abcdef"), all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--upload-pack=touch /tmp/x", "-b", "abc def", "abc\ndef"})
    void aCommitGitWouldReadAsAnOptionIsRefused(String commit) {
        Job job = job("github.com/acme/api", commit, "");
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> GitCommands.validate(job));
        assertTrue(e.getMessage().startsWith("commit \"" + commit + "\" of job 7"), e.getMessage());
    }

    @Test
    void aMissingCommitIsNamed() {
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> GitCommands.validate(job("github.com/acme/api", "", "")));
        assertEquals("job 7 names repository \"github.com/acme/api\" but no commit", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-evil", "github.com/../etc", "github.com//x", "a/./b", "has space/x", "trailing/"})
    void aRepositoryNameThatIsNotOneIsRefused(String name) {
        Job job = job(name, COMMIT, "");
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> GitCommands.validate(job));
        assertEquals("repositoryName \"" + name + "\" of job 7 is not a repository name", e.getMessage());
    }

    @Test
    void ordinaryNamesAndCommitsPass() {
        GitCommands.validate(job(""));
        GitCommands.validate(job("gitlab.example.com/group/sub-group/my_repo.js", COMMIT, ""));
        GitCommands.validate(job("github.com/acme/api", "refs/heads/main", ""));
    }
}
