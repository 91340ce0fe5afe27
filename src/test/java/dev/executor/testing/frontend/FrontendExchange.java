package dev.executor.testing.frontend;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One request in flight. The body is read up front (so it can be recorded), and every response goes through here
 * so the dispatcher knows the final status. Rejections carry a human-readable reason that lands in
 * {@link FakeFrontend#violations()}.
 */
public final class FrontendExchange {
    /** What Go's content sniffing yields for the handlers' JSON and text bodies: clients must not insist on JSON. */
    static final String SNIFFED = "text/plain; charset=utf-8";

    private final HttpExchange exchange;
    private final byte[] body;
    private final Consumer<String> violations;
    private final Consumer<FrontendExchange> beforeSend;
    private int status = -1;
    boolean injected;

    /**
     * @param beforeSend called once the status is known, before the response headers go out: the request is
     *     recorded there so that a test that has just received the response always finds it in the log
     */
    FrontendExchange(HttpExchange exchange, byte[] body, Consumer<String> violations, Consumer<FrontendExchange> beforeSend) {
        this.exchange = exchange;
        this.body = body;
        this.violations = violations;
        this.beforeSend = beforeSend;
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    /** Decoded path, as gorilla/mux matches it. */
    public String path() {
        return exchange.getRequestURI().getPath();
    }

    public String rawQuery() {
        return exchange.getRequestURI().getRawQuery();
    }

    /** First value of a request header like Go's {@code Header.Get}: "" when absent. */
    public String header(String name) {
        String v = exchange.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    public Headers requestHeaders() {
        return exchange.getRequestHeaders();
    }

    public Headers responseHeaders() {
        return exchange.getResponseHeaders();
    }

    public byte[] body() {
        return body;
    }

    public boolean responded() {
        return status >= 0;
    }

    public int status() {
        return status;
    }

    /** Sends a complete response; the body is dropped for HEAD and 204 as the HTTP semantics require. */
    public void respond(int code, String contentType, byte[] bytes) throws IOException {
        if (contentType != null && bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean noBody = bytes.length == 0 || code == 204 || code == 304 || method().equals("HEAD");
        begin(code);
        exchange.sendResponseHeaders(code, noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public void respondEmpty(int code) throws IOException {
        respond(code, null, new byte[0]);
    }

    /** Body of a wrapHandler response: Go writes JSON but never sets Content-Type, so sniffing says text/plain. */
    public void respondJson(int code, String json) throws IOException {
        respond(code, SNIFFED, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Starts a streamed response ({@code length} -1 = chunked; for HEAD pass the length you would send, only the
     * header is written). The caller must close the returned stream.
     */
    public OutputStream respondStreaming(int code, long length) throws IOException {
        begin(code);
        if (method().equals("HEAD")) {
            if (length >= 0) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
            }
            exchange.sendResponseHeaders(code, -1);
        } else {
            // JDK convention: 0 = chunked, -1 = no body (Content-Length: 0).
            exchange.sendResponseHeaders(code, length < 0 ? 0 : length == 0 ? -1 : length);
        }
        return exchange.getResponseBody();
    }

    private void begin(int code) {
        if (status >= 0) {
            throw new IllegalStateException("response already sent with status " + status);
        }
        status = code;
        beforeSend.accept(this);
    }

    /** Records a protocol violation without changing the response (for things the real server silently tolerates). */
    public void violation(String reason) {
        violations.accept(method() + " " + path() + ": " + reason);
    }

    /** {@code http.Error(w, text, code)}: text/plain body with a trailing newline, plus a violation line. */
    public void reject(int code, String text, String reason) throws IOException {
        violations.accept(method() + " " + path() + " -> " + code + ": " + reason);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        respond(code, SNIFFED, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Rejection with an empty body (e.g. executor token mismatch, 404 from a mark call). */
    public void rejectEmpty(int code, String reason) throws IOException {
        violations.accept(method() + " " + path() + " -> " + code + ": " + reason);
        respondEmpty(code);
    }

    /** wrapHandler's handler-error path: {@code 500 {"error":"<message>"}}. */
    public void rejectHandlerError(String message, String reason) throws IOException {
        violations.accept(method() + " " + path() + " -> 500: " + reason);
        respondJson(500, GoJson.toJson(java.util.Map.of("error", message)));
    }
}
