package dev.executor.cli.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SemverTest {

    @Test
    void findsTheVersionInToolOutput() {
        assertEquals(new Semver(2, 39, 5), Semver.find("git version 2.39.5"));
        assertEquals(new Semver(2, 26, 0), Semver.find("git version 2.26"));
        assertEquals(new Semver(5, 3, 0), Semver.find("Current version: 5.3.0"));
        assertEquals(new Semver(2, 43, 0), Semver.find("git version 2.43.0.windows.1"));
        assertNull(Semver.find("unknown"));
    }

    @Test
    void ordersByMajorMinorPatch() {
        Semver base = new Semver(2, 26, 0);
        assertTrue(new Semver(2, 25, 9).compareTo(base) < 0);
        assertTrue(new Semver(2, 26, 0).compareTo(base) == 0);
        assertTrue(new Semver(3, 0, 0).compareTo(base) > 0);
        assertTrue(new Semver(5, 3, 1).sameMinor(new Semver(5, 3, 9)));
    }
}
