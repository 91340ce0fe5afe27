/**
 * How bytes reach the frontend, shared by every frontend client (the queue REST client, the files client and the
 * upstream side of the git proxy): TLS trust built like a Go program's (JVM defaults, the system CA bundle and
 * directories, {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR}, {@code EXECUTOR_FRONTEND_CA_CERT}), the proxy decision
 * taken from {@code HTTP(S)_PROXY}/{@code NO_PROXY}, and clear explanations of certificate failures. Depends on
 * {@code config} only.
 */
package dev.executor.queue.transport;
