/**
 * {@code executor validate}: one check per thing {@code executor run} depends on (configuration, Docker
 * engine and job resources, git, src-cli, frontend URL and secret, free disk), each printed as one line
 * with the fix. Runs without Quarkus and binds no port.
 */
package dev.executor.cli.validate;
