package dev.executor.queue.transport;

import dev.executor.config.ExecutorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Makes the one {@link FrontendTransport} injectable; trust is read once, when it is first needed. */
@ApplicationScoped
public class FrontendTransportProducer {

    private static final Logger LOG = Logger.getLogger(FrontendTransportProducer.class);

    @Produces
    @Singleton
    FrontendTransport frontendTransport(ExecutorConfig config) {
        FrontendTransport transport = FrontendTransport.create(config);
        transport.describe().forEach(line -> LOG.infof("Frontend connection: %s", line));
        return transport;
    }
}
