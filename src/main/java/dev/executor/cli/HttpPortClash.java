package dev.executor.cli;

import io.quarkus.runtime.QuarkusBindException;
import java.net.BindException;
import java.util.Optional;

/**
 * The start-up failure of an executor that cannot listen for health and metrics, usually because another
 * executor (or any other service) on the host holds the port. Quarkus only says {@code Failed to start quarkus};
 * the operator needs the address, the port and the variable to change.
 */
final class HttpPortClash {

    private HttpPortClash() {
    }

    /**
     * The message for {@code failure} when a bind of the HTTP listener caused it, else empty.
     *
     * @param portVariable the variable the port was read from ({@code EXECUTOR_HTTP_PORT} or {@code QUARKUS_HTTP_PORT})
     * @param host         {@code EXECUTOR_HTTP_HOST} as configured, used when the exception does not name the address
     * @param port         the configured port, used when the exception does not name it
     */
    static Optional<String> explain(Throwable failure, String portVariable, String host, int port) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException bind) {
                String address = host;
                int boundPort = port;
                String reason = bind.getMessage();
                if (bind instanceof QuarkusBindException q) {
                    address = q.getHost() == null ? host : q.getHost();
                    boundPort = q.getPort() > 0 ? q.getPort() : port;
                    reason = q.getCause() != null ? q.getCause().getMessage() : reason;
                }
                return Optional.of("cannot listen for health and metrics on " + address + ":" + boundPort + " ("
                        + (reason == null ? "bind failed" : reason) + "): another executor or service on this host"
                        + " may hold the port; set " + portVariable + " to a free port (0 takes any free one), or"
                        + " EXECUTOR_HTTP_HOST to another address");
            }
        }
        return Optional.empty();
    }
}
