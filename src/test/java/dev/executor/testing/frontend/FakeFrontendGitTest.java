package dev.executor.testing.frontend;

import static dev.executor.testing.frontend.Api.NAME;
import static dev.executor.testing.frontend.Api.expect;
import static dev.executor.testing.frontend.Api.jobAuth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.executor.testing.GitRepos;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git routes (§1.8): token scoped to the repository in the path, the real git http-backend behind them. */
class FakeFrontendGitTest extends FakeFrontendFixture {
    static final String REPO = "github.com/acme/api";
    static final String INFO_REFS = "/.executors/git/" + REPO + "/info/refs?service=git-upload-pack";

    GitRepos repos;
    String commit;

    @BeforeEach
    void serveRepositories() {
        repos = GitRepos.create();
        commit = repos.repo(REPO).commit("first", Map.of("README", "hello\n"));
        repos.repo("github.com/acme/other").commit("other", Map.of("x", "y\n"));
        fe.serveGit(repos.projectRoot());
    }

    JsonNode dequeue() {
        fe.enqueue("batches", "{\"repositoryName\":\"" + REPO + "\",\"commit\":\"" + commit + "\"}");
        return api.heartbeatAndDequeue("batches", NAME);
    }

    static String[] gitHeaders(JsonNode job, String... extra) {
        List<String> h = new ArrayList<>(List.of(jobAuth(job.get("token").asText(), job.get("id").asLong(), NAME)));
        h.addAll(List.of("X-Sourcegraph-Actor-UID", "internal", "Git-Protocol", "version=2"));
        h.addAll(List.of(extra));
        return h.toArray(String[]::new);
    }

    @Test
    void theJobsRepositoryIsAdvertisedByTheRealBackend() {
        JsonNode job = dequeue();
        HttpResponse<String> r = expect(200, api.get(INFO_REFS, gitHeaders(job)));
        assertEquals("application/x-git-upload-pack-advertisement", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().startsWith("000eversion 2\n"), "protocol v2, asked for with Git-Protocol: " + r.body());
        assertEquals(List.of(), fe.violations());
    }

    @Test
    void aTokenForAnotherRepositoryIs403() {
        JsonNode job = dequeue();
        HttpResponse<String> r = api.get("/.executors/git/github.com/acme/other/info/refs?service=git-upload-pack",
                gitHeaders(job));
        assertEquals(403, r.statusCode());
        assertEquals("invalid token\n", r.body());
        assertEquals(1, fe.violations().size(), fe.violations().toString());
    }

    @Test
    void aMissingActorHeaderIsAViolation() {
        JsonNode job = dequeue();
        expect(200, api.get(INFO_REFS, jobAuth(job.get("token").asText(), job.get("id").asLong(), NAME)));
        assertTrue(fe.violations().get(0).contains("X-Sourcegraph-Actor-UID"), fe.violations().toString());
    }

    @Test
    void onlyTheTwoGitRoutesExistAndOnlyForCleanPathsAndUploadPack() {
        JsonNode job = dequeue();
        assertEquals(404, api.get("/.executors/git/" + REPO + "/HEAD", gitHeaders(job)).statusCode());
        assertEquals(404, api.get("/.executors/git/" + REPO + "/./info/refs?service=git-upload-pack", gitHeaders(job))
                .statusCode());
        assertEquals(403, api.get("/.executors/git/" + REPO + "/info/refs?service=git-receive-pack", gitHeaders(job))
                .statusCode());
        assertEquals(401, api.get(INFO_REFS).statusCode(), "no credentials");
    }

    @Test
    void realGitClonesThroughIt(@TempDir Path dir) throws Exception {
        JsonNode job = dequeue();
        String[] h = gitHeaders(job);
        List<String> argv = new ArrayList<>(List.of("git"));
        for (int i = 0; i < h.length; i += 2) {
            if (!h[i].equals("Content-Type") && !h[i].equals("Git-Protocol")) {
                argv.addAll(List.of("-c", "http.extraHeader=" + h[i] + ": " + h[i + 1]));
            }
        }
        argv.addAll(List.of("-c", "protocol.version=2", "clone", "--quiet", fe.url() + "/.executors/git/" + REPO,
                dir.resolve("clone").toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("hello\n", Files.readString(dir.resolve("clone/README")));
        assertEquals(List.of(), fe.violations());
        assertTrue(fe.requests("/git-upload-pack").stream().allMatch(r -> r.status() == 200));
    }

}
