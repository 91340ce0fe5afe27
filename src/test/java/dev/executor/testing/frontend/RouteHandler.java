package dev.executor.testing.frontend;

import java.io.IOException;

/**
 * A handler mounted under a path prefix of the fake frontend. It must answer the exchange (or the dispatcher
 * answers 500 and records a violation). Extra handlers, such as a git http-backend behind
 * {@code /.executors/git/}, are mounted with {@link FakeFrontend#addRoute(String, RouteHandler)} and can reuse
 * {@link FakeFrontend#auth()} for the job-token checks.
 */
@FunctionalInterface
public interface RouteHandler {
    void handle(FrontendExchange exchange) throws IOException;
}
