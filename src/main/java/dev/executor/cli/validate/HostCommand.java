package dev.executor.cli.validate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool's version command with a time budget, telling "not installed" apart from "failed". */
record HostCommand(boolean found, int exitCode, String output) {

    static HostCommand run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new HostCommand(true, -1, "no answer within 10s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return new HostCommand(true, p.exitValue(), out);
        } catch (IOException e) {
            return new HostCommand(false, -1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HostCommand(true, -1, "interrupted");
        }
    }

    String firstLine() {
        int nl = output.indexOf('\n');
        return nl < 0 ? output : output.substring(0, nl);
    }
}
