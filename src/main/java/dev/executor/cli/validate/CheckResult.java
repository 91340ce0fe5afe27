package dev.executor.cli.validate;

/**
 * One line of {@code executor validate}: what was checked, what was found, and, when it is not a pass,
 * what to do about it.
 *
 * @param fix {@code null} for a pass
 */
record CheckResult(Status status, String name, String detail, String fix) {

    /** Marks: check marks on UTF-8 terminals, words where the locale is ASCII (e.g. systemd without LANG). */
    enum Status {
        PASS("\u2713", "OK"), WARN("!", "WARN"), FAIL("\u2717", "FAIL"), SKIP("-", "SKIP");

        final String symbol;
        final String ascii;

        Status(String symbol, String ascii) {
            this.symbol = symbol;
            this.ascii = ascii;
        }
    }

    static CheckResult pass(String name, String detail) {
        return new CheckResult(Status.PASS, name, detail, null);
    }

    static CheckResult warn(String name, String detail, String fix) {
        return new CheckResult(Status.WARN, name, detail, fix);
    }

    static CheckResult fail(String name, String detail, String fix) {
        return new CheckResult(Status.FAIL, name, detail, fix);
    }

    static CheckResult skip(String name, String why) {
        return new CheckResult(Status.SKIP, name, "skipped: " + why, null);
    }

    /** {@code ✗ frontend auth: 401 from ...; fix: set ...} ({@code FAIL frontend auth: ...} without Unicode). */
    String line(boolean unicode) {
        return (unicode ? status.symbol : status.ascii) + " " + name + ": " + detail + (fix == null ? "" : "; fix: " + fix);
    }

    String line() {
        return line(true);
    }
}
