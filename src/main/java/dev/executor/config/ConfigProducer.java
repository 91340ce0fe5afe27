package dev.executor.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes {@link ExecutorConfig} injectable. It is read from the process environment once, on first
 * use; an invalid environment fails that injection with a {@link ConfigException} listing every
 * problem. The main command should inject (or otherwise touch) the config before starting any work,
 * so that a bad setting stops the process at start-up.
 */
@ApplicationScoped
public class ConfigProducer {

    @Produces
    @Singleton
    ExecutorConfig executorConfig() {
        return ConfigLoader.load(System.getenv());
    }

    /** The variables host commands (git, src-cli) inherit, read once. */
    @Produces
    @Singleton
    HostEnvironment hostEnvironment() {
        return HostEnvironment.ofProcess();
    }
}
