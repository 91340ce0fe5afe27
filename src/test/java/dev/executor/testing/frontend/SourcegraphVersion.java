package dev.executor.testing.frontend;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Port of {@code lib/api.CheckSourcegraphVersion(version, ">= 4.3.0-0", "2022-11-24")} which the dequeue handler
 * uses to decide between the v1 and v2 job payload (spec §1.4).
 */
final class SourcegraphVersion {
    private static final String MIN_DATE = "2022-11-24";
    // Not anchored at the start: Go uses FindStringSubmatch on the latest BuildDateRegex.
    private static final Pattern BUILD_DATE =
            Pattern.compile("\\d+_(\\d{4}-\\d{2}-\\d{2})_(\\d+\\.\\d+)?-?[a-z0-9]{7,}(_patch)?$");
    // Masterminds/semver v1 "loose" version regex: v prefix, missing minor/patch allowed.
    private static final Pattern SEMVER = Pattern.compile(
            "^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$");

    private SourcegraphVersion() {
    }

    /**
     * @return whether the executor gets the v2 payload
     * @throws IllegalArgumentException when the version is neither dev, a build-date version nor semver; the
     *     real server answers that with 500 {@code failed to check version "<v>": Invalid Semantic Version}
     */
    static boolean supportsV2(String version) {
        if (version.equals("dev") || version.equals("0.0.0+dev")) {
            return true;
        }
        Matcher date = BUILD_DATE.matcher(version);
        if (date.find()) {
            return date.group(1).compareTo(MIN_DATE) >= 0;
        }
        Matcher m = SEMVER.matcher(version);
        if (!m.matches()) {
            throw new IllegalArgumentException("Invalid Semantic Version");
        }
        long major = Long.parseLong(m.group(1));
        long minor = m.group(2) == null ? 0 : Long.parseLong(m.group(2).substring(1));
        long patch = m.group(3) == null ? 0 : Long.parseLong(m.group(3).substring(1));
        // The constraint carries the "-0" prerelease, so every prerelease of 4.3.0 or later satisfies it too:
        // comparing the release triple is therefore exact.
        if (major != 4) {
            return major > 4;
        }
        if (minor != 3) {
            return minor > 3;
        }
        return patch >= 0;
    }
}
