package dev.executor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.executor.config.EnvVar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code systemd/executor.env} documents every variable of the {@link EnvVar} catalogue: required ones
 * first and active, every other one commented out with the default in effect under the unit, each under
 * its catalogue description. A variable added to the catalogue fails this test until it is added here.
 */
class EnvFileTest {

    static final Path ENV_FILE = Path.of("systemd", "executor.env");
    /** {@code NAME=value} or {@code #NAME=value} (a commented-out setting; "# " starts prose). */
    static final Pattern ENTRY = Pattern.compile("^(#?)([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

    /** One documented variable: where it is, whether it is active, the value shown, the comment above it. */
    record Entry(int line, boolean active, String value, String comment) {
    }

    static Map<String, List<Entry>> entries(List<String> lines) {
        Map<String, List<Entry>> entries = new LinkedHashMap<>();
        List<String> comment = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                entries.computeIfAbsent(m.group(2), k -> new ArrayList<>())
                        .add(new Entry(i + 1, m.group(1).isEmpty(), m.group(3), String.join(" ", comment)));
                comment.clear();
            } else if (line.startsWith("#")) {
                comment.add(line.replaceFirst("^#\\s?", "").strip());
            } else {
                comment.clear();
            }
        }
        return entries;
    }

    /** The value a commented line must show: the unit's if it sets the variable, else the catalogue default. */
    static String shownDefault(EnvVar var, Map<String, String> unitEnv) {
        if (unitEnv.containsKey(var.name())) {
            return unitEnv.get(var.name());
        }
        return var.defaultValue() == null ? "" : var.defaultValue();
    }

    /** What to paste for a missing variable. */
    static String suggestedLines(EnvVar var, Map<String, String> unitEnv) {
        String prefix = var.group() == EnvVar.Group.REQUIRED ? "" : "#";
        String value = var.group() == EnvVar.Group.REQUIRED ? "" : shownDefault(var, unitEnv);
        return "# " + var.description() + "\n" + prefix + var.name() + "=" + value + "\n";
    }

    final Map<String, String> unitEnv = SystemdUnit.read().environment();

    Map<String, List<Entry>> read() throws IOException {
        return entries(Files.readAllLines(ENV_FILE));
    }

    static Entry entry(Map<String, List<Entry>> entries, EnvVar var) {
        List<Entry> list = entries.get(var.name());
        if (list == null) {
            fail(var + " is missing from " + ENV_FILE);
        }
        return list.get(0);
    }

    @Test
    void everyCatalogueVariableIsThereOnceAndNothingElse() throws IOException {
        Map<String, List<Entry>> entries = read();
        List<EnvVar> missing = Arrays.stream(EnvVar.values()).filter(v -> !entries.containsKey(v.name())).toList();
        if (!missing.isEmpty()) {
            fail(ENV_FILE + " lacks " + missing + "; add, each in its group's section:\n\n" + missing.stream()
                    .map(v -> "[" + v.group() + "]\n" + suggestedLines(v, unitEnv)).collect(Collectors.joining("\n")));
        }
        List<String> unknown = entries.keySet().stream().filter(n -> EnvVar.lookup(n).isEmpty()).toList();
        assertEquals(List.of(), unknown, "variables the executor does not read");
        entries.forEach((name, list) -> assertEquals(1, list.size(), name + " appears on lines "
                + list.stream().map(e -> Integer.toString(e.line())).collect(Collectors.joining(", "))));
    }

    @Test
    void requiredVariablesComeFirst() throws IOException {
        Map<String, List<Entry>> entries = read();
        int lastRequired = EnvVar.inGroup(EnvVar.Group.REQUIRED).stream()
                .mapToInt(v -> entry(entries, v).line()).max().orElseThrow();
        for (EnvVar var : EnvVar.values()) {
            if (var.group() != EnvVar.Group.REQUIRED) {
                int line = entry(entries, var).line();
                assertTrue(line > lastRequired, var + " (line " + line + ") comes before a required variable");
            }
        }
    }

    @Test
    void optionalVariablesAreCommentedOutShowingTheDefaultInEffect() throws IOException {
        Map<String, List<Entry>> entries = read();
        for (EnvVar var : EnvVar.values()) {
            Entry e = entry(entries, var);
            if (var.group() == EnvVar.Group.REQUIRED) {
                assertEquals("", e.value(), var + ": the shipped file has no value to invent for a required variable");
            } else {
                assertTrue(!e.active(), var + " is set; only required variables are, so defaults come from the executor");
                assertEquals(shownDefault(var, unitEnv), e.value(), var + " on line " + e.line());
            }
        }
    }

    @Test
    void eachVariableHasItsCatalogueDescriptionAbove() throws IOException {
        Map<String, List<Entry>> entries = read();
        for (EnvVar var : EnvVar.values()) {
            Entry e = entry(entries, var);
            assertTrue(e.comment().contains(var.description()),
                    var + " on line " + e.line() + ": the comment above must contain \"" + var.description()
                            + "\", found \"" + e.comment() + "\"");
            if (var.secret()) {
                assertTrue(e.comment().contains("Secret"), var + " must be marked secret");
            }
            if (unitEnv.containsKey(var.name())) {
                assertTrue(e.comment().contains("systemd unit sets"), var + ": say that the unit sets it");
            }
        }
    }
}
