package dev.executor.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.executor.config.ExecutorConfig;
import dev.executor.queue.Credentials;
import dev.executor.queue.FrontendApi;
import dev.executor.queue.QueueClientProducer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The frontend: {@code GET /.executors/test/auth} with the executor secret must answer 200 (spec §5), and
 * a local src-cli must match the version the instance recommends ({@code GET /.api/src-cli/version}). One
 * try each with a short timeout: validate reports, the service is what retries.
 */
final class FrontendCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutorConfig config;
    private final HttpClient http;

    FrontendCheck(ExecutorConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    CheckResult auth() {
        URI uri = endpoint("/.executors/test/auth");
        HttpResponse<String> r;
        try {
            r = get(uri);
        } catch (IOException e) {
            return unreachable("frontend", uri, e);
        }
        return switch (r.statusCode()) {
            case 200 -> CheckResult.pass("frontend", "authenticated at " + config.frontendUrl());
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
        Semver recommended;
        try {
            HttpResponse<String> r = get(uri);
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

    private HttpResponse<String> get(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header(FrontendApi.AUTH, new Credentials(config.frontendPassword()).executorHeader())
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private CheckResult unreachable(String name, URI uri, IOException e) {
        String why;
        String fix = "check EXECUTOR_FRONTEND_URL and that this host can reach it (DNS, firewall, HTTPS_PROXY)";
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            why = "connection refused";
        } else if (e instanceof HttpTimeoutException) {
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
}
