package dev.executor.cli.runjob;

import dev.executor.logs.JobLog;
import dev.executor.logs.LogEntry;
import dev.executor.logs.Pipe;
import dev.executor.observe.metrics.CommandMetrics;
import dev.executor.queue.Job;
import dev.executor.queue.JobRef;
import dev.executor.runtime.Cancellation;
import dev.executor.workspace.RepositoryCloner;
import dev.executor.workspace.WorkspaceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code run-job --repo DIR}: the clone sequence of spec §4.4, with the same commands, flags and
 * {@code setup.git.*} log keys as the service, but fetching from a local repository ({@code file://}, so
 * shallow fetches work as over the network) instead of the frontend's git proxy. The job's commit may be
 * any revision of that repository ({@code HEAD}, a branch): it is resolved to a SHA first, because git
 * fetches commits, not names, and the step scripts must see a real checkout.
 */
public final class LocalRepositoryCloner implements RepositoryCloner {

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private final Path source;
    private final CommandMetrics metrics;

    public LocalRepositoryCloner(Path source, CommandMetrics metrics) {
        this.source = source.toAbsolutePath().normalize();
        this.metrics = metrics;
    }

    @Override
    public void checkout(Job job, JobRef ref, Path repoDir, JobLog log, Cancellation cancel) {
        String commit = resolve(job.commit());
        String repo = repoDir.toString();
        try {
            Files.createDirectories(repoDir);
        } catch (IOException e) {
            throw new WorkspaceException("creating " + repoDir + ": " + e.getMessage(), e);
        }
        run("setup.git.init", List.of("git", "-C", repo, "init"), log, cancel);
        run("setup.git.add-remote", List.of("git", "-C", repo, "remote", "add", "origin", source.toUri().toString()),
                log, cancel);
        run("setup.git.disable-gc", List.of("git", "-C", repo, "config", "--local", "gc.auto", "0"), log, cancel);
        run("setup.git.fetch", fetchCommand(job, repo, commit), log, cancel);
        List<String> sparse = job.sparseCheckoutOrEmpty();
        if (!sparse.isEmpty()) {
            run("setup.git.sparse-checkout-config",
                    List.of("git", "-C", repo, "config", "--local", "core.sparseCheckout", "1"), log, cancel);
            List<String> set = new ArrayList<>(List.of("git", "-C", repo, "sparse-checkout", "set", "--no-cone", "--"));
            set.addAll(sparse);
            run("setup.git.sparse-checkout-set", set, log, cancel);
            run("setup.git.checkout", List.of("git", "-C", repo, "-c", "protocol.version=2", "checkout", "--progress",
                    "--force", commit), log, cancel);
        } else {
            run("setup.git.checkout", List.of("git", "-C", repo, "checkout", "--progress", "--force", commit), log,
                    cancel);
        }
        run("setup.git.set-remote", List.of("git", "-C", repo, "remote", "set-url", "origin", job.repositoryName()),
                log, cancel);
    }

    /** Spec §4.4 flag rules, in that order, just before {@code origin}. */
    static List<String> fetchCommand(Job job, String repo, String commit) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", repo, "-c", "protocol.version=2", "fetch",
                "--progress", "--no-recurse-submodules"));
        if (job.fetchTags()) {
            argv.add("--tags");
        }
        if (job.shallowClone()) {
            if (!job.fetchTags()) {
                argv.add("--no-tags");
            }
            argv.add("--depth=1");
        }
        if (!job.sparseCheckoutOrEmpty().isEmpty()) {
            argv.add("--filter=blob:none");
        }
        argv.add("origin");
        argv.add(commit);
        return argv;
    }

    /** The job's commit as a SHA of the source repository; {@code HEAD} when the job names none. */
    String resolve(String commit) {
        String revision = commit == null || commit.isEmpty() ? "HEAD" : commit;
        if (FULL_SHA.matcher(revision).matches()) {
            return revision;
        }
        List<String> argv = List.of("git", "-C", source.toString(), "rev-parse", "--verify", "--quiet",
                revision + "^{commit}");
        try {
            Process p = start(argv);
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && !out.isEmpty()) {
                return out;
            }
        } catch (IOException e) {
            throw new WorkspaceException("resolving commit \"" + revision + "\" in " + source + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new WorkspaceException("commit \"" + revision + "\" not found in --repo " + source
                + " (is it a git repository with that revision?)");
    }

    private void run(String key, List<String> argv, JobLog log, Cancellation cancel) {
        LogEntry entry = log.open(key, argv);
        long start = System.nanoTime();
        int exitCode = -1;
        try {
            exitCode = execute(argv, entry, cancel);
        } finally {
            metrics.record(key, start, exitCode != 0);
            log.close(entry, Math.max(exitCode, 0));
        }
        if (cancel.isCancelled()) {
            throw new WorkspaceException("failed " + key + ": " + cancel.reason());
        }
        if (exitCode != 0) {
            throw new WorkspaceException("failed " + key + ": command failed with exit code " + exitCode);
        }
    }

    private static int execute(List<String> argv, LogEntry entry, Cancellation cancel) {
        Process p;
        try {
            p = start(argv);
        } catch (IOException e) {
            entry.appendLine(Pipe.STDERR, "starting git: " + e.getMessage());
            throw new WorkspaceException("starting command \"" + String.join(" ", argv) + "\": " + e.getMessage(), e);
        }
        try (AutoCloseable unregister = cancel.onCancel(p::destroyForcibly)) {
            p.getOutputStream().close();
            Thread err = pump(p.getErrorStream(), Pipe.STDERR, entry);
            pump(p.getInputStream(), Pipe.STDOUT, entry).join();
            err.join();
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new WorkspaceException("running \"" + String.join(" ", argv) + "\": " + e.getMessage(), e);
        }
    }

    /** Spec §4.4: only these host variables reach git, plus the two that keep it non-interactive and LFS-free. */
    private static Process start(List<String> argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> env = pb.environment();
        Map<String, String> host = System.getenv();
        env.clear();
        for (String name : List.of("HOME", "PATH", "USER", "DOCKER_HOST")) {
            if (host.get(name) != null) {
                env.put(name, host.get(name));
            }
        }
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_LFS_SKIP_SMUDGE", "1");
        return pb.start();
    }

    private static Thread pump(InputStream in, Pipe pipe, LogEntry entry) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    entry.appendLine(pipe, line);
                }
            } catch (IOException ignored) {
                // the process was killed; what was read is in the entry
            }
        }, "git-" + pipe.name().toLowerCase(java.util.Locale.ROOT));
        t.setDaemon(true);
        t.start();
        return t;
    }
}
