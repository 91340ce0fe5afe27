package dev.executor.it;

import static dev.executor.testing.JobLogs.command;
import static dev.executor.testing.JobLogs.entry;
import static dev.executor.testing.JobLogs.exitCode;
import static dev.executor.testing.JobLogs.keys;
import static dev.executor.testing.JobLogs.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.testing.DockerProbe;
import dev.executor.testing.ExecutorEnv;
import dev.executor.testing.ExecutorProcess;
import dev.executor.testing.ExecutorUnderTest;
import dev.executor.testing.GitRepos;
import dev.executor.testing.Jobs;
import dev.executor.testing.Lifecycle;
import dev.executor.testing.ListeningSockets;
import dev.executor.testing.frontend.FakeFrontend;
import dev.executor.testing.frontend.GitRoutes;
import dev.executor.testing.frontend.JobRecord;
import dev.executor.testing.frontend.JobRecord.State;
import dev.executor.testing.frontend.RecordedRequest;
import dev.executor.testing.proxy.TestForwardProxy;
import dev.executor.testing.tls.TestPki;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cloning through the executor's loopback git proxy into real workspaces: the packaged executor, the real host git,
 * the fake frontend serving bare repositories through the real {@code git http-backend}, and real containers that
 * look at the result.
 */
class WorkspaceIT {

    static final String SECRET = "sk-executor-workspace-secret-42";
    static final String REPO = "github.com/acme/api";
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    static FakeFrontend frontend;
    static GitRoutes git;
    static GitRepos repos;
    static ExecutorEnv env;
    static ExecutorUnderTest executor;
    static String c1;
    static String c2;
    static Path outside;
    static String linksCommit;

    @BeforeAll
    static void start() throws IOException {
        repos = GitRepos.create();
        GitRepos.Repo api = repos.repo(REPO);
        c1 = api.commit("first", Map.of("README", "one\n", "only-at-c1.txt", "present at c1\n",
                "a/x.txt", "in a\n", "b/y.txt", "in b\n"));
        api.tag("v1.0", c1);
        Map<String, String> second = new java.util.HashMap<>();
        second.put("README", "two\n");
        second.put("only-at-c1.txt", null);
        c2 = api.commit("second", second);
        api.tag("v2.0", c2);
        repos.repo("github.com/acme/other").commit("other", Map.of("secret.txt", "not yours\n"));
        outside = Files.createTempDirectory(Path.of("target", "it-work").toAbsolutePath(), "outside-");
        linksCommit = repos.repo("github.com/acme/links").symlink("link out", "evil", outside);

        frontend = FakeFrontend.start(SECRET);
        git = frontend.serveGit(repos.projectRoot());
        env = ExecutorEnv.forFrontend(frontend, "batches").with("EXECUTOR_MAXIMUM_NUM_JOBS", "2");
        executor = ExecutorUnderTest.start("workspace", frontend, env, List.of(), JOB_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.stop(List.of());
        }
    }

    @AfterEach
    void nothingLeftBehind() {
        git.resume();
        executor.assertNothingLeftBehind();
    }

    static JobRecord run(String json) {
        return executor.run(json);
    }

    static Jobs cloneJob(String commit, boolean shallow) {
        return Jobs.job().set("repositoryName", REPO).set("commit", commit).set("shallowClone", shallow);
    }

    /** The job token appears in no log entry, no error and nothing the executor printed. */
    static void tokenNowhere(JobRecord job, String token) {
        assertFalse(token == null || token.isEmpty(), "the job had a token");
        assertFalse(job.logEntries().toString().contains(token), "token in a log entry");
        assertFalse(String.valueOf(job.failureMessage()).contains(token), "token in the failure message");
        assertFalse(executor.process().output().contains(token), "token in the executor's output");
    }

    static final List<String> CLONE_KEYS = List.of("setup.git.init", "setup.git.add-remote", "setup.git.disable-gc",
            "setup.git.fetch", "setup.git.checkout", "setup.git.set-remote");

    @Test
    void shallowCloneOfAnOlderCommitShowsThatCommitsFiles() {
        JobRecord job = run(cloneJob(c1, true)
                .step("look", "cat only-at-c1.txt", "cat README", "cat .git/shallow", "cat .git/config",
                        "ls .git/refs/tags | sed 's/^/tag: /'")
                .json());

        assertEquals(State.COMPLETED, job.state(), job.toString());
        List<String> expectedKeys = new ArrayList<>(CLONE_KEYS);
        expectedKeys.addAll(List.of("setup.fs.extras", "step.docker.look", "teardown.fs"));
        assertEquals(expectedKeys, keys(job));

        String ws = command(job, "setup.git.init").get(2);
        assertTrue(ws.matches(".*/workspace-" + job.id() + "-[^/]+"), ws);
        assertEquals(List.of("git", "-C", ws, "init"), command(job, "setup.git.init"));
        List<String> addRemote = command(job, "setup.git.add-remote");
        assertEquals(List.of("git", "-C", ws, "remote", "add", "origin"), addRemote.subList(0, 6));
        assertTrue(addRemote.get(6).matches("http://127\\.0\\.0\\.1:\\d+/" + Pattern.quote(REPO)), addRemote.get(6));
        assertEquals(List.of("git", "-C", ws, "config", "--local", "gc.auto", "0"), command(job, "setup.git.disable-gc"));
        assertEquals(List.of("git", "-C", ws, "-c", "protocol.version=2", "fetch", "--progress", "--no-recurse-submodules",
                "--no-tags", "--depth=1", "origin", c1), command(job, "setup.git.fetch"));
        assertEquals(List.of("git", "-C", ws, "checkout", "--progress", "--force", c1), command(job, "setup.git.checkout"));
        assertEquals(List.of("git", "-C", ws, "remote", "set-url", "origin", REPO), command(job, "setup.git.set-remote"));
        for (String key : CLONE_KEYS) {
            assertEquals(0, exitCode(job, key), key);
            assertTrue(entry(job, key).has("durationMs"), key);
        }
        assertTrue(out(job, "setup.git.fetch").contains("stderr: "), "git's progress is logged: " + out(job, "setup.git.fetch"));

        String look = out(job, "step.docker.look");
        assertTrue(look.contains("stdout: present at c1"), look);
        assertTrue(look.contains("stdout: one"), "README as of c1: " + look);
        assertTrue(look.contains("stdout: " + c1), "a shallow clone records its boundary: " + look);
        assertTrue(look.contains("url = " + REPO), "origin is the repository name afterwards: " + look);
        assertFalse(look.contains("stdout: tag: "), "--no-tags: " + look);

        List<RecordedRequest> gitRequests = frontend.requests().stream()
                .filter(r -> r.path().startsWith(GitRoutes.PREFIX))
                .filter(r -> Long.toString(job.id()).equals(r.header("X-Sourcegraph-Job-ID"))).toList();
        assertTrue(gitRequests.size() >= 2, "info/refs and upload-pack: " + gitRequests);
        for (RecordedRequest r : gitRequests) {
            assertEquals(200, r.status(), r.path());
            assertTrue(r.path().startsWith("/.executors/git/" + REPO + "/"), r.path());
            assertEquals("Bearer " + job.token(), r.header("Authorization"));
            assertEquals("internal", r.header("X-Sourcegraph-Actor-UID"));
            assertEquals(job.workerHostname(), r.header("X-Sourcegraph-Executor-Name"));
            assertEquals("version=2", r.header("Git-Protocol"));
        }
        tokenNowhere(job, job.token());
    }

    @Test
    void fetchTagsFetchesTheTags() {
        JobRecord job = run(cloneJob(c2, true).set("fetchTags", true)
                .step("tags", "ls .git/refs/tags | sed 's/^/tag: /'", "sed 's/^/packed: /' .git/packed-refs 2>/dev/null; true")
                .json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        List<String> fetch = command(job, "setup.git.fetch");
        assertEquals(List.of("--tags", "--depth=1", "origin", c2), fetch.subList(fetch.size() - 4, fetch.size()));
        String tags = out(job, "step.docker.tags");
        assertTrue(tags.contains("v1.0") && tags.contains("v2.0"), tags);
    }

    @Test
    void sparseCheckoutHasOnlyTheMatchingPaths() {
        JobRecord job = run(cloneJob(c1, true).set("sparseCheckout", List.of("a/*"))
                .step("look", "test -f a/x.txt && echo has-a", "test -e b/y.txt || echo no-b",
                        "test -e README || echo no-readme", "cat a/x.txt")
                .json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        List<String> expectedKeys = new ArrayList<>(CLONE_KEYS);
        expectedKeys.addAll(4, List.of("setup.git.sparse-checkout-config", "setup.git.sparse-checkout-set"));
        assertEquals(expectedKeys, keys(job).subList(0, expectedKeys.size()));
        String ws = command(job, "setup.git.init").get(2);
        assertEquals(List.of("git", "-C", ws, "-c", "protocol.version=2", "fetch", "--progress", "--no-recurse-submodules",
                "--no-tags", "--depth=1", "--filter=blob:none", "origin", c1), command(job, "setup.git.fetch"));
        assertEquals(List.of("git", "-C", ws, "config", "--local", "core.sparseCheckout", "1"),
                command(job, "setup.git.sparse-checkout-config"));
        assertEquals(List.of("git", "-C", ws, "sparse-checkout", "set", "--no-cone", "--", "a/*"),
                command(job, "setup.git.sparse-checkout-set"));
        assertEquals(List.of("git", "-C", ws, "-c", "protocol.version=2", "checkout", "--progress", "--force", c1),
                command(job, "setup.git.checkout"));
        String look = out(job, "step.docker.look");
        assertTrue(look.contains("stdout: has-a") && look.contains("stdout: no-b") && look.contains("stdout: no-readme")
                && look.contains("stdout: in a"), look);
        long uploadPacks = frontend.requests("/git-upload-pack").stream()
                .filter(r -> Long.toString(job.id()).equals(r.header("X-Sourcegraph-Job-ID"))).count();
        assertTrue(uploadPacks >= 2, "the checkout fetched the filtered blobs through the proxy: " + uploadPacks);
    }

    @Test
    void repositoryDirectoryHoldsTheClone() {
        JobRecord job = run(cloneJob(c2, true).set("repositoryDirectory", "repository")
                .file("input.json", "{}")
                .step("look", "cat repository/README", "test -e README || echo nothing-at-root", "ls")
                .json());
        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertTrue(command(job, "setup.git.init").get(2).endsWith("/repository"), command(job, "setup.git.init").toString());
        String look = out(job, "step.docker.look");
        assertTrue(look.contains("stdout: two") && look.contains("stdout: nothing-at-root"), look);
    }

    @Test
    void repositoryDirectoryLeavingTheWorkspaceIsRefusedBeforeGitRuns() {
        JobRecord job = run(cloneJob(c2, true).set("repositoryDirectory", "../elsewhere").step("never", "true").json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertEquals("repositoryDirectory \"../elsewhere\" escapes the workspace", job.failureMessage());
        assertEquals(List.of("teardown.fs"), keys(job));
        assertFalse(Files.exists(env.workspaces().resolve("elsewhere")));
    }

    @Test
    void aFailingGitCommandEndsTheJobWithItsKeyAndExitCode() {
        String missing = "0123456789012345678901234567890123456789";
        JobRecord job = run(cloneJob(missing, true).step("never", "true").json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertEquals("markErrored", job.finalCall());
        assertEquals("creating workspace: failed setup.git.fetch: command failed with exit code 128", job.failureMessage());
        assertEquals(List.of("setup.git.init", "setup.git.add-remote", "setup.git.disable-gc", "setup.git.fetch",
                "teardown.fs"), keys(job));
        assertEquals(128, exitCode(job, "setup.git.fetch"));
        assertTrue(out(job, "setup.git.fetch").contains("stderr: "), out(job, "setup.git.fetch"));
        tokenNowhere(job, job.token());
    }

    @Test
    void theProxyRefusesOtherRepositoriesAndTheTokenReachesNoProcess() throws Exception {
        GitRoutes.Gate gate = git.pauseUploadPack();
        long id = frontend.enqueue("batches", cloneJob(c2, true).step("done", "true").json());
        assertTrue(gate.awaitArrived(Duration.ofSeconds(60)), "git reached upload-pack");
        // add-remote ran before the fetch that is now held, but the executor sends log entries to the frontend
        // in the background: wait for the entry (git stays held meanwhile) rather than expect it already there.
        Lifecycle.await("the setup.git.add-remote entry of job " + id, Duration.ofSeconds(30),
                () -> keys(frontend.job(id)).contains("setup.git.add-remote"));
        JobRecord during = frontend.job(id);
        String token = during.token();
        String url = command(during, "setup.git.add-remote").get(6);
        Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/.*").matcher(url);
        assertTrue(m.matches(), url);
        int port = Integer.parseInt(m.group(1));

        // git is blocked inside the fetch: every process of the machine is looked at now
        List<ProcessHandle> gitProcesses = ProcessHandle.of(executor.process().pid()).orElseThrow().descendants()
                .filter(p -> cmdline(p.pid()).startsWith("git")).toList();
        assertFalse(gitProcesses.isEmpty(), "git runs under the executor while we look");
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                String cmd = cmdline(Long.parseLong(p.getFileName().toString()));
                if (cmd.contains(token) || cmd.contains(SECRET)) {
                    leaks.add(cmd);
                }
            });
        }
        assertEquals(List.of(), leaks, "a process argument holds a credential");
        for (ProcessHandle p : gitProcesses) {
            String environ = read("/proc/" + p.pid() + "/environ");
            assertFalse(environ.contains(token) || environ.contains(SECRET), "git's environment holds a credential");
            assertTrue(environ.contains("GIT_TERMINAL_PROMPT=0") && environ.contains("GIT_LFS_SKIP_SMUDGE=1"), environ);
            for (String var : environ.split("\0")) {
                String name = var.contains("=") ? var.substring(0, var.indexOf('=')) : var;
                assertTrue(List.of("GIT_TERMINAL_PROMPT", "GIT_LFS_SKIP_SMUDGE", "HOME", "PATH", "USER", "DOCKER_HOST")
                        .contains(name) || name.startsWith("GIT_"), "unexpected variable " + name + " for git");
            }
        }
        try (Stream<Path> files = Files.walk(env.workspaces())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(token), "token in file " + f);
            }
        }

        // The proxy's per-job secret: in git's environment only (which /proc shows to root alone).
        String proxySecret = proxySecret(read("/proc/" + gitProcesses.get(0).pid() + "/environ"), port);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            assertEquals(List.of(), procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> cmdline(Long.parseLong(p.getFileName().toString())))
                    .filter(cmd -> cmd.contains(proxySecret)).toList(), "a process argument holds the proxy's secret");
        }
        String secretHeader = "X-Executor-Git-Proxy-Secret: " + proxySecret + "\r\n";

        long gitRequestsBefore = gitRequestCount();
        // Any other local process that finds the port: the job's own repository, but no secret.
        assertEquals(403, rawGet(port, "/" + REPO + "/info/refs?service=git-upload-pack", ""));
        assertEquals(403, rawGet(port, "/" + REPO + "/info/refs?service=git-upload-pack",
                "X-Executor-Git-Proxy-Secret: " + "0".repeat(64) + "\r\n"));
        assertEquals(403, rawGet(port, "/github.com/acme/other/info/refs?service=git-upload-pack", secretHeader));
        assertEquals(403, rawGet(port, "/" + REPO + "/../other/info/refs?service=git-upload-pack", secretHeader));
        assertEquals(403, rawGet(port, "/" + REPO + "/%2e%2e/other/info/refs?service=git-upload-pack", secretHeader));
        assertEquals(gitRequestsBefore, gitRequestCount(), "refused requests never reach the frontend");
        assertEquals(200, rawGet(port, "/" + REPO + "/info/refs?service=git-upload-pack", secretHeader),
                "the job's own repository is served to a request with the secret");

        gate.release();
        git.resume();
        JobRecord job = executor.await(id);
        assertEquals(State.COMPLETED, job.state(), job.toString());
        tokenNowhere(job, token);
        tokenNowhere(job, proxySecret);
        assertTrue(frontend.requests().stream().noneMatch(r -> r.headers().toString().contains(proxySecret)),
                "the proxy's secret never reaches the frontend");
        assertTrue(frontend.requests().stream().noneMatch(r -> r.path().contains("/acme/other/")), "no request for other");
        assertEquals(url, command(job, "setup.git.add-remote").get(6), "the remote seen during the clone is the final one");
        // asked of the executor's own sockets: another process may take the freed port, and connecting would work
        assertFalse(ListeningSockets.listens(executor.process().pid(), port),
                "the proxy still listens on " + port + " after the clone");
    }

    @Test
    void withoutAJobTokenTheProxyUsesTheExecutorSecretFallback() {
        long id = frontend.enqueueRaw("batches", """
                {"version": 2, "id": ${id}, "token": "", "repositoryName": "%s", "repositoryDirectory": "",
                 "commit": "%s", "fetchTags": false, "shallowClone": true, "sparseCheckout": null, "files": {},
                 "dockerSteps": [{"key": "readme", "image": "%s", "commands": ["cat README"], "dir": "", "env": null}],
                 "cliSteps": null, "redactedValues": {}, "dockerAuthConfig": {}}
                """.formatted(REPO, c2, DockerProbe.TEST_IMAGE));
        JobRecord job = executor.await(id);
        assertEquals(State.COMPLETED, job.state(), job.toString());
        assertTrue(out(job, "step.docker.readme").contains("stdout: two"));
        List<RecordedRequest> gitRequests = frontend.requests().stream()
                .filter(r -> r.path().startsWith(GitRoutes.PREFIX))
                .filter(r -> Long.toString(id).equals(r.header("X-Sourcegraph-Job-ID"))).toList();
        assertFalse(gitRequests.isEmpty());
        gitRequests.forEach(r -> assertEquals("token-executor " + SECRET, r.header("Authorization")));
        assertFalse(job.logEntries().toString().contains(SECRET));
    }

    @Test
    void aJobFileThroughASymlinkOfTheRepositoryIsRefusedAndNothingIsWrittenOutside() throws IOException {
        JobRecord job = run(Jobs.job().set("repositoryName", "github.com/acme/links").set("commit", linksCommit)
                .set("repositoryDirectory", "repository")
                .file("repository/evil/planted.txt", "should never exist")
                .step("never", "true")
                .json());
        assertEquals(State.FAILED, job.state(), job.toString());
        assertEquals("creating workspace: file path \"repository/evil/planted.txt\" passes through a symlink that leaves"
                + " the workspace", job.failureMessage());
        assertFalse(keys(job).contains("step.docker.never"));
        try (Stream<Path> left = Files.list(outside)) {
            assertEquals(List.of(), left.toList());
        }
        assertTrue(out(job, "setup.fs.extras").contains("Operation failed: file path \"repository/evil/planted.txt\""));
    }

    @Test
    void theProxysUpstreamUsesTheFrontendsTrustAndForwardProxy() throws IOException {
        String host = "frontend.executor-test.invalid"; // resolvable only through the forward proxy
        TestPki pki = TestPki.create(Files.createTempDirectory(Path.of("target", "it-work").toAbsolutePath(), "pki-"),
                "Executor Workspace IT CA");
        FakeFrontend https = FakeFrontend.startHttps(SECRET, pki.serverContext("frontend", "dns:" + host));
        https.serveGit(repos.projectRoot(), host);
        try (TestForwardProxy proxy = TestForwardProxy.start(Map.of(host, "127.0.0.1"), "proxy-user", "proxy-pass-1")) {
            ExecutorEnv tlsEnv = ExecutorEnv.forFrontend(https, "batches")
                    .with("EXECUTOR_FRONTEND_URL", https.url(host).toString())
                    .with("EXECUTOR_FRONTEND_CA_CERT", pki.caPem().toString())
                    .with("HTTPS_PROXY", "http://proxy-user:proxy-pass-1@127.0.0.1:" + proxy.port());
            ExecutorUnderTest tls = ExecutorUnderTest.start("workspace-tls", https, tlsEnv, List.of(), JOB_TIMEOUT);
            try {
                JobRecord job = tls.run(cloneJob(c2, true).step("readme", "cat README").json());
                assertEquals(State.COMPLETED, job.state(), job + "\n" + tls.process().output());
                assertTrue(out(job, "step.docker.readme").contains("stdout: two"));
                assertFalse(https.requests("/git-upload-pack").isEmpty());
                tls.assertNothingLeftBehind();
            } finally {
                tls.stop(List.of());
            }
            assertTrue(proxy.requests().stream().allMatch(r -> r.method().equals("CONNECT")
                    && r.target().equals(host + ":" + https.port())), proxy.requests().toString());
        }
    }

    @Test
    void gitOlderThan226IsAClearStartupError() throws IOException {
        Path bin = Files.createTempDirectory(Path.of("target", "it-work").toAbsolutePath(), "old-git-");
        Path fake = bin.resolve("git");
        Files.writeString(fake, "#!/bin/sh\necho 'git version 2.25.4'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (FakeFrontend idle = FakeFrontend.start(SECRET);
                ExecutorProcess old = ExecutorProcess.start("old-git", ExecutorEnv.forFrontend(idle, "batches")
                        .with("PATH", bin + ":" + System.getenv("PATH")).map())) {
            assertNotEquals(0, old.waitFor(Duration.ofSeconds(60)));
            assertTrue(old.output().contains("git 2.25.4 is too old: 2.26 or newer is required (protocol v2 and sparse checkout)"),
                    old.output());
            assertTrue(idle.requests().isEmpty(), "it never talked to the frontend");
        }
    }

    static long gitRequestCount() {
        return frontend.requests().stream().filter(r -> r.path().startsWith(GitRoutes.PREFIX)).count();
    }

    /** The git proxy's secret from git's environment: {@code http.<proxy url>.extraheader} in GIT_CONFIG_PARAMETERS. */
    static String proxySecret(String environ, int port) {
        Matcher m = Pattern.compile("(?:^|\0)GIT_CONFIG_PARAMETERS=[^\0]*'http\\.http://127\\.0\\.0\\.1:" + port
                + "/\\.extraheader=X-Executor-Git-Proxy-Secret: ([0-9a-f]{64})'").matcher(environ);
        assertTrue(m.find(), "git's environment carries the proxy's secret: " + environ.replace('\0', ' '));
        return m.group(1);
    }

    /** {@code headers}: extra header lines, each ending with CRLF. */
    static int rawGet(int port, String path, String headers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers
                    + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    static String cmdline(long pid) {
        return read("/proc/" + pid + "/cmdline").replace('\0', ' ');
    }

    static String read(String file) {
        try {
            return new String(Files.readAllBytes(Path.of(file)), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // the process ended meanwhile
        }
    }
}
