package dev.executor.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.config.EnvVar;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelpTextTest {

    @Test
    void everyCommandHelpListsEveryVariableWithItsDefault() {
        for (String help : new String[] {HelpText.run(), HelpText.validate(Map.of()), HelpText.runJob()}) {
            for (EnvVar var : EnvVar.values()) {
                String expected = "  " + var.name() + (var.defaultValue() == null ? " (no default)"
                        : " (default \"" + var.defaultValue() + "\")");
                assertTrue(help.contains(expected), "missing " + expected);
            }
        }
    }

    @Test
    void validateHelpShowsCurrentValuesWithSecretsMasked() {
        String secret = "sgp_0123456789abcdef";
        String help = HelpText.validate(Map.of("EXECUTOR_FRONTEND_PASSWORD", secret,
                "EXECUTOR_QUEUE_NAME_executor", "codeintel", "EXECUTOR_JOB_MEMORY", ""));
        assertFalse(help.contains(secret), help);
        assertTrue(help.contains("EXECUTOR_FRONTEND_PASSWORD (no default) = \"sg****\""), help);
        assertTrue(help.contains("EXECUTOR_QUEUE_NAME (no default) = \"codeintel\""), "the override is what counts");
        assertTrue(help.contains("EXECUTOR_JOB_MEMORY (default \"12G\") = \"\""), "set but empty is shown as such");
        assertTrue(help.contains("EXECUTOR_MAXIMUM_NUM_JOBS (default \"1\") = (not set)"), help);
    }

    @Test
    void runHelpShowsNoValues() {
        assertFalse(HelpText.run().contains("(not set)"));
    }
}
