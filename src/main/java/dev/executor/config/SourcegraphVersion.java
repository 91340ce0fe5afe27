package dev.executor.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the version we advertise on dequeue ({@code EXECUTOR_SOURCEGRAPH_VERSION}). The frontend
 * only sends the v2 job payload, which is the only one we decode, to executors reporting 4.3.0 or
 * later, or a dev build; anything else would make every dequeued job undecodable.
 */
final class SourcegraphVersion {

    static final String EXPECTED = "a semantic version of 4.3.0 or later (e.g. 5.3.0), or dev or 0.0.0+dev";

    private static final Pattern SEMVER =
            Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?");

    private SourcegraphVersion() {
    }

    static boolean isSupported(String version) {
        if (version.equals("dev") || version.equals("0.0.0+dev")) {
            return true;
        }
        Matcher m = SEMVER.matcher(version);
        if (!m.matches()) {
            return false;
        }
        try {
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            return major > 4 || (major == 4 && minor >= 3);
        } catch (NumberFormatException tooLong) {
            return false;
        }
    }
}
