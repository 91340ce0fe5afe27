package dev.executor.observe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends {@code sd_notify} messages ({@code READY=1}, {@code STATUS=...}, {@code STOPPING=1}) to systemd
 * when it started us as a {@code Type=notify} service, i.e. when {@code NOTIFY_SOCKET} is set.
 *
 * <p>The socket is a Unix datagram socket, which Java 17 cannot write to, so the message goes through
 * {@code systemd-notify}. That is a child process, so the unit needs {@code NotifyAccess=all}; since
 * systemd 246 {@code systemd-notify} waits until systemd has processed the message, so its exit does not
 * race systemd's lookup of the sender's unit.
 */
public final class SystemdNotifier {

    /** Set by systemd for {@code Type=notify} services; not configuration, so not in the catalogue. */
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";

    private static final Logger LOG = Logger.getLogger(SystemdNotifier.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final List<String> command;

    /** @param command the notify program and any leading arguments, normally just {@code systemd-notify} */
    public SystemdNotifier(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** A notifier when systemd is listening, empty otherwise (run from a shell, a container, a test). */
    public static Optional<SystemdNotifier> fromEnvironment(Map<String, String> env) {
        return forSocket(env.get(NOTIFY_SOCKET));
    }

    /** A notifier when systemd gave the service a notification socket ({@code ExecutorConfig#notifySocket()}). */
    public static Optional<SystemdNotifier> forSocket(String socket) {
        return socket == null || socket.isEmpty()
                ? Optional.empty()
                : Optional.of(new SystemdNotifier(List.of("systemd-notify")));
    }

    /**
     * Sends one message made of {@code NAME=value} assignments; returns whether systemd-notify succeeded.
     * Failures are logged, never thrown: the service keeps working without its manager's bookkeeping.
     */
    public boolean send(String... assignments) {
        List<String> argv = new ArrayList<>(command);
        for (String a : assignments) {
            // One assignment per argument; a newline would start another assignment in the datagram.
            argv.add(a.replace('\n', ' '));
        }
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warnf("%s did not finish within %ds; systemd may not have seen %s", argv.get(0),
                        TIMEOUT_SECONDS, String.join(" ", assignments));
                return false;
            }
            String output = new String(p.getInputStream().readAllBytes()).trim();
            if (p.exitValue() != 0) {
                LOG.warnf("%s %s failed with exit code %d: %s", argv.get(0), String.join(" ", assignments),
                        p.exitValue(), output);
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.warnf("cannot run %s to notify systemd (%s); is systemd installed? The unit's Type=notify "
                    + "start will time out without it", argv.get(0), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
