package dev.executor.workspace.git;

import dev.executor.model.Job;
import dev.executor.workspace.WorkspaceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The clone sequence of spec §4.4, argument for argument: Sourcegraph's log keys and argv, so the
 * frontend shows the same entries. Pure: it only builds the commands. Public for {@code run-job}, which
 * runs the same sequence against a local repository instead of the git proxy.
 */
public final class GitCommands {

    /** One git invocation and the log key of its entry. */
    public record GitCommand(String key, List<String> argv) {
    }

    private GitCommands() {
    }

    /**
     * Refuses values git would read as options or that do not name one repository: a commit or
     * repository name starting with {@code -} would become a flag of {@code git fetch} or
     * {@code git remote set-url}.
     */
    public static void validate(Job job) {
        String commit = job.commit() == null ? "" : job.commit();
        if (commit.isEmpty()) {
            throw new WorkspaceException("job " + job.id() + " names repository \"" + job.repositoryName()
                    + "\" but no commit");
        }
        if (commit.startsWith("-") || !commit.chars().allMatch(c -> c > ' ' && c != 0x7f)) {
            throw new WorkspaceException("commit \"" + commit + "\" of job " + job.id() + " is not a git revision");
        }
        String repo = job.repositoryName();
        boolean badSegment = List.of(repo.split("/", -1)).stream()
                .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
        if (repo.startsWith("-") || badSegment || !repo.chars().allMatch(c -> c > ' ' && c != 0x7f)) {
            throw new WorkspaceException("repositoryName \"" + repo + "\" of job " + job.id()
                    + " is not a repository name");
        }
    }

    static List<GitCommand> plan(Job job, Path repoDir, int proxyPort) {
        return plan(job, repoDir, "http://127.0.0.1:" + proxyPort + "/" + job.repositoryName());
    }

    /** The sequence with {@code origin} at {@code remoteUrl}; the service's is the git proxy (spec §4.4). */
    public static List<GitCommand> plan(Job job, Path repoDir, String remoteUrl) {
        String repo = repoDir.toString();
        String commit = job.commit();
        boolean sparse = !job.sparseCheckoutOrEmpty().isEmpty();
        List<GitCommand> commands = new ArrayList<>();
        commands.add(git("init", repo, "init"));
        commands.add(git("add-remote", repo, "remote", "add", "origin", remoteUrl));
        commands.add(git("disable-gc", repo, "config", "--local", "gc.auto", "0"));
        commands.add(git("fetch", repo, fetchArgs(job).toArray(String[]::new)));
        if (sparse) {
            commands.add(git("sparse-checkout-config", repo, "config", "--local", "core.sparseCheckout", "1"));
            List<String> set = new ArrayList<>(List.of("sparse-checkout", "set", "--no-cone", "--"));
            set.addAll(job.sparseCheckoutOrEmpty());
            commands.add(git("sparse-checkout-set", repo, set.toArray(String[]::new)));
            // Blobs outside the fetch's filter are fetched on checkout, through the proxy, with protocol v2.
            commands.add(git("checkout", repo, "-c", "protocol.version=2", "checkout", "--progress", "--force", commit));
        } else {
            commands.add(git("checkout", repo, "checkout", "--progress", "--force", commit));
        }
        // Indexers read the origin URL to learn the repository's name.
        commands.add(git("set-remote", repo, "remote", "set-url", "origin", job.repositoryName()));
        return commands;
    }

    /** Flags go just before {@code origin}, in Sourcegraph's order. */
    private static List<String> fetchArgs(Job job) {
        List<String> args = new ArrayList<>(List.of("-c", "protocol.version=2", "fetch", "--progress",
                "--no-recurse-submodules"));
        if (job.fetchTags()) {
            args.add("--tags");
        }
        if (job.shallowClone()) {
            if (!job.fetchTags()) {
                args.add("--no-tags");
            }
            args.add("--depth=1");
        }
        if (!job.sparseCheckoutOrEmpty().isEmpty()) {
            args.add("--filter=blob:none");
        }
        args.add("origin");
        args.add(job.commit());
        return args;
    }

    private static GitCommand git(String key, String repo, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", repo));
        argv.addAll(List.of(args));
        return new GitCommand("setup.git." + key, List.copyOf(argv));
    }
}
