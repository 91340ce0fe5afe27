package dev.executor.testing.frontend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code /.executors/git/{RepoName}/info/refs} and {@code /.executors/git/{RepoName}/git-upload-pack} (spec §1.8):
 * the job-token check against the repository in the path (§1.2), then the real {@code git http-backend} CGI over
 * bare repositories under a project root, standing in for gitserver. Bodies stream through in both directions.
 *
 * <p>The real frontend ignores {@code X-Sourcegraph-Actor-UID} and the {@code Host} header, but the executor must set
 * them (§1.8): a missing or wrong value is recorded as a violation, so a test that ends with an empty
 * violation list has proved them.
 */
public final class GitRoutes implements RouteHandler {
    public static final String PREFIX = "/.executors/git/";
    static final String HTTP_BACKEND = "/usr/lib/git-core/git-http-backend";
    private static final String INFO_REFS = "/info/refs";
    private static final String UPLOAD_PACK = "/git-upload-pack";

    /** Holds upload-pack requests until released, so a test can look at the executor while git is running. */
    public static final class Gate {
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        public boolean awaitArrived(Duration timeout) throws InterruptedException {
            return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        public void release() {
            released.countDown();
        }
    }

    private final AuthChecker auth;
    private final Path projectRoot;
    private final String expectedHost;
    private final Path home;
    private final List<String> backendErrors = Collections.synchronizedList(new ArrayList<>());
    private volatile Gate gate;

    GitRoutes(AuthChecker auth, Path projectRoot, String expectedHost) {
        this.auth = auth;
        this.projectRoot = projectRoot.toAbsolutePath();
        this.expectedHost = expectedHost;
        try {
            // an empty HOME: the developer's ~/.gitconfig must not change what the backend serves
            this.home = Files.createTempDirectory("fake-gitserver-home");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Upload-pack requests from now on wait for {@link Gate#release()} (at most 60 s) before they are served. */
    public Gate pauseUploadPack() {
        Gate g = new Gate();
        gate = g;
        return g;
    }

    public void resume() {
        Gate g = gate;
        gate = null;
        if (g != null) {
            g.release();
        }
    }

    /** What {@code git http-backend} wrote to stderr, per request that wrote anything. */
    public List<String> backendErrors() {
        synchronized (backendErrors) {
            return List.copyOf(backendErrors);
        }
    }

    @Override
    public void handle(FrontendExchange ex) throws IOException {
        String rest = ex.path().substring(PREFIX.length() - 1); // "/<repo>/info/refs"
        String pathInfo = rest;
        String repo;
        if (rest.endsWith(INFO_REFS)) {
            repo = rest.substring(1, rest.length() - INFO_REFS.length());
        } else if (rest.endsWith(UPLOAD_PACK)) {
            repo = rest.substring(1, rest.length() - UPLOAD_PACK.length());
        } else {
            ex.reject(404, "404 page not found", "the git routes are only {RepoName}/info/refs and {RepoName}/git-upload-pack");
            return;
        }
        if (repo.isEmpty() || !Path.of("/" + repo).normalize().toString().equals("/" + repo)) {
            // gorilla/mux answers an unclean path with a redirect; a correct proxy never sends one
            ex.reject(404, "404 page not found", "unclean git path '" + ex.path() + "'");
            return;
        }
        if (auth.checkJob(ex, AuthChecker.Scope.repo(repo)) == null) {
            return;
        }
        if (!"internal".equals(ex.header("X-Sourcegraph-Actor-UID"))) {
            ex.violation("git request without 'X-Sourcegraph-Actor-UID: internal' (got '" + ex.header("X-Sourcegraph-Actor-UID") + "')");
        }
        if (!expectedHost.equals(ex.header("Host"))) {
            ex.violation("git request with Host '" + ex.header("Host") + "', expected the frontend's '" + expectedHost + "'");
        }
        if (!Files.isDirectory(projectRoot.resolve(repo))) {
            ex.reject(404, "repository not found", "no bare repository '" + repo + "' under " + projectRoot);
            return;
        }
        if (rest.endsWith(INFO_REFS) && !"service=git-upload-pack".equals(ex.rawQuery())) {
            ex.reject(403, "only git-upload-pack is served", "info/refs with query '" + ex.rawQuery() + "'");
            return;
        }
        Gate g = gate;
        if (g != null && rest.endsWith(UPLOAD_PACK)) {
            g.arrived.countDown();
            try {
                g.released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runBackend(ex, pathInfo);
    }

    private void runBackend(FrontendExchange ex, String pathInfo) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(HTTP_BACKEND);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("PATH_INFO", pathInfo);
        env.put("QUERY_STRING", ex.rawQuery() == null ? "" : ex.rawQuery());
        env.put("REQUEST_METHOD", ex.method());
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("CONTENT_TYPE", ex.header("Content-Type"));
        env.put("CONTENT_LENGTH", Integer.toString(ex.body().length));
        if (!ex.header("Git-Protocol").isEmpty()) {
            env.put("GIT_PROTOCOL", ex.header("Git-Protocol"));
        }
        if (!ex.header("Content-Encoding").isEmpty()) {
            env.put("HTTP_CONTENT_ENCODING", ex.header("Content-Encoding"));
        }
        Process p = pb.start();
        Thread stdin = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(ex.body());
            } catch (IOException ignored) {
                // the backend stopped reading; its exit status tells
            }
        }, "git-http-backend-stdin");
        stdin.setDaemon(true);
        stdin.start();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread err = new Thread(() -> {
            try (InputStream e = p.getErrorStream()) {
                e.transferTo(stderr);
            } catch (IOException ignored) {
                // process gone
            }
        }, "git-http-backend-stderr");
        err.setDaemon(true);
        err.start();
        try (InputStream out = p.getInputStream()) {
            int status = 200;
            String line;
            while (!(line = readHeaderLine(out)).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ", 2)[0]);
                } else {
                    ex.responseHeaders().add(name, value);
                }
            }
            try (OutputStream body = ex.respondStreaming(status, -1)) {
                out.transferTo(body);
            }
        } finally {
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                err.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (stderr.size() > 0) {
                backendErrors.add(ex.method() + " " + pathInfo + ": " + stderr.toString(StandardCharsets.UTF_8).strip());
            }
        }
    }

    /** One CGI header line without its line ending; "" at the blank line (or end of stream). */
    private static String readHeaderLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
