package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} and the {@link EnvVar} catalogue must agree: every variable documented once,
 * in its group's table, with the default the code applies, and nothing documented that the code does not read.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("docs", "configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z_]+)` \\| ([^|]+) \\|");
    private static final Pattern SECTION = Pattern.compile("^## (.+)$");

    record Row(String section, String defaultCell) {
    }

    private static Map<String, Row> rows() throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        String section = "";
        for (String line : Files.readAllLines(DOC)) {
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                section = s.group(1).trim();
            }
            Matcher m = ROW.matcher(line);
            if (m.find() && rows.put(m.group(1), new Row(section, m.group(2).trim())) != null) {
                duplicates.add(m.group(1));
            }
        }
        assertEquals(List.of(), duplicates, "variables documented twice");
        return rows;
    }

    private static String expectedDefault(EnvVar var) {
        return var.defaultValue() == null ? "(none)" : "`" + var.defaultValue() + "`";
    }

    private static String expectedSection(EnvVar var) {
        String group = var.group().name();
        return group.equals("HTTP") ? "HTTP" : group.charAt(0) + group.substring(1).toLowerCase();
    }

    @Test
    void everyVariableIsDocumentedInItsGroupWithItsDefault() throws IOException {
        Map<String, Row> rows = rows();
        List<String> problems = new ArrayList<>();
        for (EnvVar var : EnvVar.values()) {
            Row row = rows.get(var.name());
            if (row == null) {
                problems.add(var.name() + " is not documented");
            } else if (!row.defaultCell().equals(expectedDefault(var))) {
                problems.add(var.name() + " is documented with default " + row.defaultCell() + " but the code has "
                        + expectedDefault(var));
            } else if (!row.section().equals(expectedSection(var))) {
                problems.add(var.name() + " is documented under \"" + row.section() + "\" but belongs to \""
                        + expectedSection(var) + "\"");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void nothingIsDocumentedThatTheCodeDoesNotRead() throws IOException {
        List<String> unknown = rows().keySet().stream().filter(name -> EnvVar.lookup(name).isEmpty()).toList();
        assertEquals(List.of(), unknown);
    }
}
