package dev.executor.cli.runjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.logs.EntrySnapshot;
import dev.executor.logs.JobLog;
import dev.executor.logs.LogCap;
import dev.executor.logs.LogEntrySink;
import dev.executor.logs.LogSettings;
import dev.executor.logs.Redactor;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.runtime.Cancellation;
import dev.executor.workspace.WorkspaceException;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local clone sequence against real git and a real repository. */
class LocalRepositoryClonerTest {

    @TempDir
    Path tmp;

    private Path source;
    private String firstCommit;
    private String secondCommit;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<EntrySnapshot> finals = new ArrayList<>();

    @BeforeEach
    void repository() throws Exception {
        source = tmp.resolve("source");
        Files.createDirectories(source);
        git(source, "init", "-q");
        Files.writeString(source.resolve("a.txt"), "first\n");
        git(source, "add", "a.txt");
        git(source, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one");
        firstCommit = git(source, "rev-parse", "HEAD");
        Files.writeString(source.resolve("a.txt"), "second\n");
        git(source, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "two");
        secondCommit = git(source, "rev-parse", "HEAD");
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(argv + ": " + out);
        }
        return out;
    }

    private static Job job(String commit) {
        return new Job(2, 5, "batches", "", "github.com/acme/api", "repository", commit, false, true, null, Map.of(),
                List.of(), null, Map.of(), null);
    }

    private JobLog log() {
        LogEntrySink sink = new LogEntrySink() {
            private int next;

            @Override
            public synchronized int add(EntrySnapshot entry, Attempt attempt) {
                return next++;
            }

            @Override
            public synchronized void update(int entryId, EntrySnapshot entry, Attempt attempt) {
                if (entry.exitCode() != null) {
                    finals.add(entry);
                }
            }
        };
        return new JobLog(sink, Redactor.none(), scheduler,
                new LogSettings(tmp.resolve("entries"), new LogCap(1 << 20, "1M"), 1000), records -> { });
    }

    private Path checkout(String commit) {
        Path repo = tmp.resolve("workspace/repository");
        try (JobLog log = log()) {
            new LocalRepositoryCloner(source, new CommandMetrics(registry))
                    .checkout(job(commit), new JobRef(5, "batches", ""), repo, log, new Cancellation());
        }
        return repo;
    }

    @Test
    void headIsResolvedAndTheServiceSequenceRuns() throws Exception {
        Path repo = checkout("HEAD");
        assertEquals("second\n", Files.readString(repo.resolve("a.txt")));
        assertEquals(secondCommit, git(repo, "rev-parse", "HEAD"));
        assertEquals("github.com/acme/api", git(repo, "remote", "get-url", "origin"), "indexers read the origin");
        assertEquals("true", git(repo, "rev-parse", "--is-shallow-repository"), "shallowClone fetches --depth=1");
        assertEquals(List.of("setup.git.init", "setup.git.add-remote", "setup.git.disable-gc", "setup.git.fetch",
                "setup.git.checkout", "setup.git.set-remote"), finals.stream().map(EntrySnapshot::key).toList());
        EntrySnapshot fetch = finals.get(3);
        assertEquals(List.of("git", "-C", repo.toString(), "-c", "protocol.version=2", "fetch", "--progress",
                "--no-recurse-submodules", "--no-tags", "--depth=1", "origin", secondCommit), fetch.command());
        assertTrue(finals.stream().allMatch(e -> e.exitCode() == 0));
        String metrics = registry.scrape();
        assertTrue(metrics.contains("src_apiworker_command_total{op=\"setup.git.fetch\",} 1.0"), metrics);
        assertFalse(metrics.contains("src_apiworker_command_errors_total"), metrics);
    }

    @Test
    void aFullShaIsUsedAsIs() throws Exception {
        Path repo = checkout(firstCommit);
        assertEquals("first\n", Files.readString(repo.resolve("a.txt")));
    }

    @Test
    void anUnknownRevisionFailsBeforeAnyGitCommand() {
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> checkout("no-such-branch"));
        assertTrue(e.getMessage().startsWith("commit \"no-such-branch\" not found in --repo "), e.getMessage());
        assertEquals(List.of(), finals);
    }

    @Test
    void aFailingCommandNamesItsKeyAndCountsAnError() throws Exception {
        WorkspaceException e = assertThrows(WorkspaceException.class,
                () -> checkout("0000000000000000000000000000000000000000"));
        assertEquals("failed setup.git.fetch: command failed with exit code 128", e.getMessage());
        assertEquals(128, finals.get(finals.size() - 1).exitCode());
        assertTrue(registry.scrape().contains("src_apiworker_command_errors_total{op=\"setup.git.fetch\",} 1.0"));
    }
}
