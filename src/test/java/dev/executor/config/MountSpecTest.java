package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MountSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "type=bind,source=/foo,target=/bar          | bind   | /foo  | /bar   | false",
            "type=bind,source=/foo,target=/bar,readonly | bind   | /foo  | /bar   | true",
            "type=bind,src=/foo,dst=/bar,ro             | bind   | /foo  | /bar   | true",
            "type=bind,source=/a,destination=/b,ro=true | bind   | /a    | /b     | true",
            "type=bind,source=/a,target=/b,readonly=0   | bind   | /a    | /b     | false",
            "Type=Bind,Source=/a,Target=/b,ReadOnly     | bind   | /a    | /b     | true",
            "type=volume,source=cache,target=/cache     | volume | cache | /cache | false",
            "target=/cache                              | volume |       | /cache | false",
    })
    void parsesDockerMountSyntax(String spec, String type, String source, String target, boolean readOnly) {
        assertEquals(new MountSpec(type, source, target, readOnly), MountSpec.parse(spec));
    }

    @Test
    void optionsTheApiCanExpressAreKept() {
        assertEquals(new MountSpec("tmpfs", null, "/scratch", false, Map.of("tmpfs-size", "64m", "tmpfs-mode", "1777")),
                MountSpec.parse("type=tmpfs,target=/scratch,tmpfs-size=64m,tmpfs-mode=1777"));
        assertEquals(new MountSpec("bind", "/a", "/b", false, Map.of("bind-propagation", "rshared")),
                MountSpec.parse("type=bind,source=/a,target=/b,bind-propagation=rshared"));
        assertEquals(Map.of("volume-nocopy", "true"), MountSpec.parse("type=volume,source=v,target=/v,volume-nocopy").options());
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
            "type=bind,source=/a,target=/b,frobnicate=1    | unknown key \"frobnicate\"",
            "type=bind,source=/a,target=/b,tmpfs-size=1m   | tmpfs-size applies to tmpfs mounts only",
            "type=bind,source=/a,target=/b,bind-propagation=sideways | bad bind-propagation \"sideways\"",
            "type=tmpfs,target=/t,tmpfs-size=lots          | bad tmpfs-size \"lots\"",
            "type=tmpfs,target=/t,tmpfs-mode=999           | bad tmpfs-mode \"999\"",
    })
    void badOptionsAreNamed(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MountSpec.parse(spec));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void twoTargetsInOneEntryPointAtTheSeparator() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MountSpec.parse(
                "type=bind,source=/a,target=/b,type=bind,source=/c,target=/d"));
        assertTrue(e.getMessage().contains("incorrect separator"), e.getMessage());
        assertTrue(e.getMessage().contains("';'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MountSpec.parse("target=/b,dst=/c"));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {
            "type=bind,source=/a",
            "type=bind,target=/b",
            "type=bind,source=relative,target=/b",
            "target=relative",
            "type=nfs,target=/x",
            "foo,target=/x",
            ",target=/x",
            "target=/x,",
            "type=tmpfs,source=/a,target=/b",
            "readonly=maybe,target=/x",
            "",
    })
    void rejectsBadSpecs(String spec) {
        assertThrows(IllegalArgumentException.class, () -> MountSpec.parse(spec));
    }

    @Test
    void splitsOnSemicolonsAndIgnoresBlankEntries() {
        assertEquals(List.of("target=/a", "target=/b"), MountSpec.splitEntries(" target=/a ; target=/b;"));
        assertEquals(List.of(), MountSpec.splitEntries(""));
        assertEquals(List.of(), MountSpec.splitEntries(null));
        assertEquals(List.of(), MountSpec.splitEntries(" ; "));
    }
}
