/**
 * The command line and the composition root: {@code executor run} (the default), {@code validate},
 * {@code run-job}, {@code version} and {@code --help}. The main method validates the environment before
 * Quarkus starts, so a bad configuration exits non-zero before anything runs; only {@code run} serves HTTP.
 */
package dev.executor.cli;
