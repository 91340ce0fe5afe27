package dev.executor.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bare repositories for the fake frontend's git routes, built with the real git: each repository has a work tree
 * beside the project root where commits are made, then pushed to the bare repository the frontend serves. The bare
 * repositories allow what the executor's fetches need: a want by commit id and {@code --filter=blob:none}.
 */
public final class GitRepos {

    private final Path projectRoot;
    private final Path workRoot;
    private final Path home;

    private GitRepos(Path base) throws IOException {
        this.projectRoot = Files.createDirectories(base.resolve("served"));
        this.workRoot = Files.createDirectories(base.resolve("work"));
        this.home = Files.createDirectories(base.resolve("home"));
    }

    /** A fresh set of repositories under {@code target/it-work}. */
    public static GitRepos create() {
        try {
            Path base = Path.of("target", "it-work").toAbsolutePath();
            Files.createDirectories(base);
            return new GitRepos(Files.createTempDirectory(base, "git-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the frontend serves from ({@code FakeFrontend.serveGit}). */
    public Path projectRoot() {
        return projectRoot;
    }

    /** Creates the bare repository {@code name} (e.g. {@code github.com/acme/api}) and its work tree. */
    public Repo repo(String name) {
        Path bare = projectRoot.resolve(name);
        Path work = workRoot.resolve(name);
        try {
            Files.createDirectories(bare);
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        git(bare, "init", "--bare", "--quiet", "--initial-branch=main");
        git(bare, "config", "uploadpack.allowFilter", "true");
        git(bare, "config", "uploadpack.allowAnySHA1InWant", "true");
        git(bare, "config", "uploadpack.allowReachableSHA1InWant", "true");
        git(work, "init", "--quiet", "--initial-branch=main");
        git(work, "remote", "add", "served", bare.toString());
        return new Repo(work);
    }

    /** A repository's work tree: every commit is pushed to the served bare repository at once. */
    public final class Repo {
        private final Path work;

        private Repo(Path work) {
            this.work = work;
        }

        /** Writes (or, for a null value, deletes) files, commits all and pushes; returns the commit id. */
        public String commit(String message, Map<String, String> files) {
            try {
                for (Map.Entry<String, String> f : files.entrySet()) {
                    Path p = work.resolve(f.getKey());
                    if (f.getValue() == null) {
                        Files.deleteIfExists(p);
                    } else {
                        Files.createDirectories(p.getParent());
                        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return commitAll(message);
        }

        /** Adds a symbolic link {@code path -> target} (target taken verbatim, e.g. an absolute path outside). */
        public String symlink(String message, String path, Path target) {
            try {
                Path link = work.resolve(path);
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, target);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return commitAll(message);
        }

        public void tag(String name, String commit) {
            git(work, "tag", name, commit);
            git(work, "push", "--quiet", "served", "refs/tags/" + name);
        }

        private String commitAll(String message) {
            git(work, "add", "--all");
            git(work, "commit", "--quiet", "--allow-empty", "-m", message);
            git(work, "push", "--quiet", "--force", "served", "HEAD:refs/heads/main");
            return git(work, "rev-parse", "HEAD").strip();
        }
    }

    private String git(Path dir, String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Test",
                "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
