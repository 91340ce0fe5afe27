package dev.executor.runtime.host;

import dev.executor.logs.Pipe;
import dev.executor.runtime.BoundedExecutors;
import dev.executor.runtime.Cancellation;
import dev.executor.runtime.LineSplitter;
import dev.executor.runtime.StepCancelledException;
import dev.executor.runtime.StepOutput;
import dev.executor.runtime.StepStartException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs one program on the host the way Sourcegraph does (spec §4.4, §4.6): an explicit environment in
 * which only {@code HOME}, {@code PATH}, {@code USER} and {@code DOCKER_HOST} come from the executor's
 * own (so the executor's secrets never reach the child), stdin from {@code /dev/null} (nothing may wait
 * for input), stdout and stderr streamed line by line, and on cancellation the whole process tree
 * killed (git spawns helpers that would otherwise keep writing into a workspace being deleted).
 * Blocking: call it on a job thread.
 */
public final class HostCommand {

    private static final Logger LOG = Logger.getLogger(HostCommand.class);

    /** The executor's own variables a host command sees; everything else it gets is explicit. */
    public static final List<String> FORWARDED_HOST_VARIABLES = dev.executor.config.HostEnvironment.FORWARDED;

    /** The exit code recorded for a program that could not be started (the shell's "cannot execute"). */
    public static final int NOT_STARTED = 127;

    /** How long output may keep arriving after the process exited (a grandchild holding the pipe open). */
    private static final long PIPE_DRAIN_SECONDS = 10;

    /**
     * Most host commands running at once (each has two pipe readers): a job runs one at a time (git, src), so this
     * is far above {@code EXECUTOR_MAXIMUM_NUM_JOBS} in practice; a command beyond it fails to start rather than
     * queue (a reader left waiting would let the process block on a full pipe).
     */
    static final int MAX_CONCURRENT = 64;

    /** Bounded, named {@code host-command-pipe-N}; an immutable pool, not state. */
    private static final ExecutorService PIPE_READERS = BoundedExecutors.direct("host-command-pipe", 2 * MAX_CONCURRENT);

    private HostCommand() {
    }

    /**
     * {@code variables} ({@code NAME=value}, in order) followed by the forwarded host variables, which win
     * on a duplicate name as they do in Go's {@code exec} (the last value of a name is used).
     */
    public static Map<String, String> environment(List<String> variables, Map<String, String> host) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String variable : variables) {
            int eq = variable.indexOf('=');
            env.put(eq < 0 ? variable : variable.substring(0, eq), eq < 0 ? "" : variable.substring(eq + 1));
        }
        for (String name : FORWARDED_HOST_VARIABLES) {
            String value = host.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    /**
     * Go's {@code exec.LookPath}: the first executable regular file named {@code program} in a {@code PATH}
     * value. Empty entries are skipped (Go refuses their implicit "." too).
     */
    public static Optional<Path> which(String program, String path) {
        for (String entry : (path == null ? "" : path).split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** What stopping a host command takes, for its log entry: no grace period, the whole tree is killed. */
    static final String KILLED = "the process and its children were killed (SIGKILL)";

    /**
     * Runs {@code argv} in {@code dir} with exactly {@code env} and returns its exit code. Throws
     * {@link StepStartException} when the program cannot be started and {@link StepCancelledException}
     * when {@code cancel} fired while it ran (the process tree has been killed).
     */
    public static int run(List<String> argv, Path dir, Map<String, String> env, StepOutput output, Cancellation cancel) {
        if (cancel.isCancelled()) {
            throw new StepCancelledException(cancel.reasonText());
        }
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StepStartException("starting command: " + e.getMessage(), e);
        }
        Future<?> out;
        Future<?> err;
        try {
            out = PIPE_READERS.submit(() -> pump(process.getInputStream(), Pipe.STDOUT, output));
            err = PIPE_READERS.submit(() -> pump(process.getErrorStream(), Pipe.STDERR, output));
        } catch (RejectedExecutionException e) {
            killTree(process);
            throw new StepStartException("starting command: more than " + MAX_CONCURRENT
                    + " host commands are running at once", e);
        }
        int exitCode;
        try (AutoCloseable unregister = cancel.onCancel(() -> killTree(process))) {
            exitCode = process.waitFor();
            drain(out);
            drain(err);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new StepCancelledException("interrupted", KILLED);
        } catch (Exception e) {
            killTree(process);
            throw new IllegalStateException("running " + argv.get(0) + ": " + e, e);
        }
        if (cancel.isCancelled()) {
            throw new StepCancelledException(cancel.reasonText(), KILLED);
        }
        return exitCode;
    }

    private static void pump(InputStream in, Pipe pipe, StepOutput output) {
        LineSplitter lines = new LineSplitter(line -> output.line(pipe, line));
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                lines.accept(buffer, n);
            }
        } catch (IOException e) {
            // the pipe was closed under us (process killed): keep what was read
        }
        lines.flush();
    }

    /**
     * Waits for a pipe reader. A background grandchild may hold the pipe open long after the command
     * exited (as Go's {@code WaitDelay} acknowledges); its later output is then not waited for.
     */
    private static void drain(Future<?> reader) throws InterruptedException {
        try {
            reader.get(PIPE_DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.debugf("output pipe still open %d s after the command exited; not waiting longer", PIPE_DRAIN_SECONDS);
        } catch (ExecutionException e) {
            LOG.debugf("reading command output failed: %s", e.getCause());
        }
    }

    /** Kills the process and everything it started; the tree is listed first because orphans get re-parented. */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
