/**
 * Everything the executor reads from its environment, read once at start-up.
 *
 * <p>{@link dev.executor.config.EnvVar} is the catalogue of every variable (names, defaults,
 * descriptions, secret flags); {@code --help}, the docs and env-file checks are generated from it, and
 * {@link dev.executor.config.ConfigLoader} takes its defaults from it, so what is documented and what
 * is parsed cannot drift apart. The loader follows Sourcegraph's env helper rules (a
 * {@code <NAME>_executor} per-process override first, then {@code <NAME>}, then the default; two
 * deprecated fallbacks) and checks every variable before failing, so an operator sees all mistakes in
 * one run ({@link dev.executor.config.ConfigException}) instead of fixing them one restart at a time.
 * Secret values never appear in messages: they pass through {@link dev.executor.config.SecretMask}.
 *
 * <p>The result is the immutable {@link dev.executor.config.ExecutorConfig}; the only CDI in this
 * package is {@link dev.executor.config.ConfigProducer}, which builds it from {@code System.getenv()}.
 * The value parsers ({@link dev.executor.config.GoDuration}, {@link dev.executor.config.DataSize},
 * {@link dev.executor.config.MountSpec}) accept the same text as the Go tools operators already
 * configure, so existing Sourcegraph executor env files keep working.
 */
package dev.executor.config;
