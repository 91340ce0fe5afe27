package dev.executor.cli.validate;

/**
 * One line of {@code executor validate}: what was checked, what was found, and, when it is not a pass,
 * what to do about it.
 *
 * @param fix {@code null} for a pass
 */
record CheckResult(Status status, String name, String detail, String fix) {

    enum Status {
        PASS("\u2713"), WARN("!"), FAIL("\u2717"), SKIP("-");

        final String symbol;

        Status(String symbol) {
            this.symbol = symbol;
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

    /** {@code ✗ frontend auth: 401 from ...; fix: set ...} */
    String line() {
        return status.symbol + " " + name + ": " + detail + (fix == null ? "" : "; fix: " + fix);
    }
}
