package dev.executor.cli;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The AppCDS archive run: {@code java -XX:ArchiveClassesAtExit=app-cds.jsa -Dquarkus.appcds.generate=true
 * -jar quarkus-run.jar}, made by the {@code -Drelease} build, by the container image build and by the
 * benchmark. The application starts once without configuration (validating the absent environment would
 * exit before anything worth archiving is loaded), no worker starts ({@link ExecutorApplication} is not
 * called in this mode), and the process exits once started, when the JVM writes the archive.
 */
@ApplicationScoped
class AppCdsWarmUp {

    static boolean requested() {
        return ApplicationLifecycleManager.isAppCDSGeneration();
    }

    /** Starts Quarkus on an ephemeral loopback port: the build must not depend on a free port. */
    static void run(String... args) {
        System.setProperty("quarkus.http.port", "0");
        System.setProperty("quarkus.http.host", "127.0.0.1");
        Quarkus.run(ExecutorApplication.class, (exitCode, failure) -> System.exit(exitCode), args);
    }

    /** Quarkus waits for a shutdown request in this mode unless its own AppCDS build code asks; ask in any build. */
    void exitOnceStarted(@Observes StartupEvent started) {
        if (requested()) {
            Quarkus.asyncExit(0);
        }
    }
}
