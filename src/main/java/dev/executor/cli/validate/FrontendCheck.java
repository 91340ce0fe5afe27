package dev.executor.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.executor.config.ExecutorConfig;
import dev.executor.queue.Credentials;
import dev.executor.queue.FrontendApi;
import dev.executor.queue.QueueClientProducer;
import dev.executor.queue.transport.FrontendTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The frontend: {@code GET /.executors/test/auth} with the executor secret must answer 200 (spec §5), and
 * a local src-cli must match the version the instance recommends ({@code GET /.api/src-cli/version}). The
 * requests go through the service's own {@link FrontendTransport} (TLS trust, proxy) on the service's own HTTP
 * stack (a Vert.x HTTP client, as under the REST client), so what passes here is what the service will see. One
 * try each with a short timeout: validate reports, the service retries. Validate runs without Quarkus, so the check
 * makes a small Vert.x instance of its own for each request and closes it after.
 */
final class FrontendCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutorConfig config;
    private final FrontendTransport transport;
    /** Why the transport could not be built (unreadable CA files), or {@code null}. */
    private final String trustProblem;

    FrontendCheck(ExecutorConfig config) {
        this.config = config;
        FrontendTransport built = null;
        String problem = null;
        try {
            built = FrontendTransport.create(config);
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        this.transport = built;
        this.trustProblem = problem;
    }

    /** A response's status and body text. */
    private record Answer(int statusCode, String body) {
    }

    CheckResult auth() {
        if (trustProblem != null) {
            return CheckResult.fail("frontend", "cannot build the TLS trust: " + trustProblem,
                    "make SSL_CERT_FILE, SSL_CERT_DIR and EXECUTOR_FRONTEND_CA_CERT name readable PEM files");
        }
        URI uri = endpoint("/.executors/test/auth");
        Answer r;
        try {
            r = get(uri);
        } catch (IOException e) {
            return unreachable("frontend", uri, e);
        }
        return switch (r.statusCode()) {
            case 200 -> CheckResult.pass("frontend", "authenticated at " + config.frontendUrl() + " ("
                    + proxyDescription() + ")");
            case 401, 403 -> CheckResult.fail("frontend auth", r.statusCode() + " from " + uri
                    + ": failed to authorize with frontend, the secret does not match",
                    "set executors.accessToken in the site configuration to the value of EXECUTOR_FRONTEND_PASSWORD "
                            + "(they must be identical)");
            case 404 -> CheckResult.fail("frontend", "404 from " + uri + ": no executor API there",
                    "set EXECUTOR_FRONTEND_URL to the Sourcegraph external URL (scheme and host, no path)");
            default -> r.statusCode() == 500 && r.body().contains("not configured")
                    ? CheckResult.fail("frontend auth", "500 from " + uri + ": executors are not configured on this "
                            + "instance", "set executors.accessToken in the site configuration (Site admin > "
                            + "Configuration) to the value of EXECUTOR_FRONTEND_PASSWORD")
                    : CheckResult.fail("frontend", "unexpected status " + r.statusCode() + " from " + uri,
                            "check that EXECUTOR_FRONTEND_URL is the Sourcegraph instance and that it is healthy");
        };
    }

    /** src-cli's major.minor must equal the recommended one; an older patch is only a warning (spec §5). */
    CheckResult srcVersion(Semver local) {
        URI uri = endpoint("/.api/src-cli/version");
        if (trustProblem != null) {
            return CheckResult.warn("src", "version " + local + "; could not ask " + uri + " (see the frontend line)",
                    "compare it with your instance's src-cli version");
        }
        Semver recommended;
        try {
            Answer r = get(uri);
            JsonNode body = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            recommended = body == null ? null : Semver.find(body.path("version").asText(""));
            if (recommended == null) {
                return CheckResult.warn("src", "version " + local + "; could not read the recommended version from "
                        + uri + " (status " + r.statusCode() + ")", "compare it with your instance's src-cli version");
            }
        } catch (IOException e) {
            return CheckResult.warn("src", "version " + local + "; could not ask " + uri + ": " + e.getMessage(),
                    "compare it with your instance's src-cli version");
        }
        if (!local.sameMinor(recommended)) {
            return CheckResult.fail("src", "version " + local + " but the instance recommends " + recommended,
                    "install src-cli " + recommended + " (https://github.com/sourcegraph/src-cli/releases)");
        }
        if (local.compareTo(recommended) < 0) {
            return CheckResult.warn("src", "version " + local + " is a patch behind the recommended " + recommended,
                    "upgrade src-cli to " + recommended);
        }
        return CheckResult.pass("src", "version " + local + " matches the instance's " + recommended);
    }

    private URI endpoint(String path) {
        return URI.create(QueueClientProducer.baseUri(config.frontendUrl()) + path);
    }

    private Answer get(URI uri) throws IOException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        try {
            HttpClient http = vertx.createHttpClient(transport.applyTo(new HttpClientOptions()
                    .setConnectTimeout((int) TIMEOUT.toMillis())));
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString())
                    .setIdleTimeout(TIMEOUT.toMillis()).setFollowRedirects(true)
                    .putHeader(FrontendApi.AUTH, new Credentials(config.frontendPassword()).executorHeader());
            return http.request(request)
                    .compose(req -> req.send().compose(resp -> resp.body()
                            .map(body -> new Answer(resp.statusCode(), body.toString()))))
                    .toCompletionStage().toCompletableFuture().get(2 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(messageOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer", e);
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // its threads are released with the process anyway
            }
        }
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private String proxyDescription() {
        return transport.proxy().isPresent() ? "through proxy " + transport.proxy().get().host() + ":"
                + transport.proxy().get().port() : "no proxy";
    }

    private CheckResult unreachable(String name, URI uri, IOException e) {
        String why;
        String fix = "check EXECUTOR_FRONTEND_URL and that this host can reach it (DNS, firewall, "
                + "HTTPS_PROXY/HTTP_PROXY; now " + proxyDescription() + ")";
        java.util.Optional<String> untrusted = FrontendTransport.explain(e);
        if (untrusted.isPresent()) {
            return CheckResult.fail(name, "cannot reach " + uri + ": " + untrusted.get(),
                    "trust the frontend's CA with EXECUTOR_FRONTEND_CA_CERT (or SSL_CERT_FILE), or fix its certificate");
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            why = "connection refused";
        } else if (isTimeout(e)) {
            why = "no answer within " + TIMEOUT.toSeconds() + "s";
        } else if (e.getCause() instanceof UnknownHostException || e instanceof UnknownHostException) {
            why = "unknown host " + uri.getHost();
        } else if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            why = "TLS handshake failed: " + e.getMessage();
            fix = "if the instance uses a private CA, set EXECUTOR_FRONTEND_CA_CERT to its PEM file";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return CheckResult.fail(name, "cannot reach " + uri + ": " + why, fix);
    }

    /** Vert.x reports an idle request as a {@code TimeoutException} (or its own no-stack-trace variant). */
    private static boolean isTimeout(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("TimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
