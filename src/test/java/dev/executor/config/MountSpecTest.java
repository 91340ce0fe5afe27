package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
            "type=tmpfs,target=/scratch,tmpfs-size=64m  | tmpfs  |       | /scratch | false",
            "type=bind,source=/a,target=/b,bind-propagation=rshared | bind | /a | /b | false",
    })
    void parsesDockerMountSyntax(String spec, String type, String source, String target, boolean readOnly) {
        assertEquals(new MountSpec(type, source, target, readOnly), MountSpec.parse(spec));
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
