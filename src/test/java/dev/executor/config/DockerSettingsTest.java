package dev.executor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EXECUTOR_DOCKER_AUTH_CONFIG, EXECUTOR_DOCKER_ADDITIONAL_MOUNTS and EXECUTOR_DOCKER_PULL_POLICY. */
class DockerSettingsTest {

    private static final String GOOD_AUTH =
            "{\"auths\":{\"registry.example.com\":{\"auth\":\"dXNlcjpwYXNzd29yZA==\"},\"ghcr.io\":{}},\"credsStore\":\"\"}";

    @Test
    void theJobNetworkFirewallIsOnByDefaultAndTakesExtraIpv4Cidrs() {
        assertEquals(new ExecutorConfig.JobFirewallSettings(true, List.of()), TestEnv.load().jobFirewall());
        assertFalse(TestEnv.load("EXECUTOR_DOCKER_JOB_NETWORK_FIREWALL", "false").jobFirewall().enabled());
        assertEquals(List.of("10.0.0.0/8", "192.168.1.0/24"), TestEnv.load("EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS",
                " 10.0.0.0/8, ,192.168.1.0/24 ").jobFirewall().blockedCidrs());
        for (String bad : List.of("10.0.0.0", "10.0.0.0/33", "fd00::/8", "example.com/8", "10.0.0.0/8,300.1.1.1/32")) {
            ConfigError error = TestEnv.onlyError("EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS", bad);
            assertEquals("EXECUTOR_DOCKER_JOB_NETWORK_BLOCKED_CIDRS", error.variable());
            assertTrue(error.message().contains("IPv4 CIDRs"), error.message());
        }
    }

    @Test
    void validAuthConfigIsKeptRaw() {
        assertEquals(GOOD_AUTH, TestEnv.load("EXECUTOR_DOCKER_AUTH_CONFIG", GOOD_AUTH).dockerAuthConfig());
        assertEquals(null, TestEnv.load("EXECUTOR_DOCKER_AUTH_CONFIG", "").dockerAuthConfig());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{not json                                         | not valid JSON at line 1, column 2",
            "'{\"auths\":{}} {}'                               | not valid JSON at line 1",
            "'[]'                                              | the top level is not a JSON object",
            "'{}'                                              | there is no \"auths\" object",
            "'{\"auths\":[]}'                                  | there is no \"auths\" object",
            "'{\"auths\":{\"r.example.com\":\"x\"}}'           | the entry for \"r.example.com\" is not an object",
            "'{\"auths\":{\"r.example.com\":{\"auth\":\"***\"}}}' | the auth of \"r.example.com\" is not a base64 string",
            "'{\"auths\":{\"r.example.com\":{\"auth\":5}}}'    | the auth of \"r.example.com\" is not a base64 string",
            "'{\"auths\":{\"r.example.com\":{\"auth\":\"bm9jb2xvbg==\"}}}' | the auth of \"r.example.com\" is not base64 of user:password",
    })
    void invalidAuthConfigSaysWhyWithoutQuotingIt(String json, String reason) {
        ConfigError error = TestEnv.onlyError("EXECUTOR_DOCKER_AUTH_CONFIG", json);
        assertEquals("EXECUTOR_DOCKER_AUTH_CONFIG", error.variable());
        assertEquals(SecretMask.mask(json), error.value());
        assertTrue(error.message().contains("invalid EXECUTOR_DOCKER_AUTH_CONFIG, failed to parse: " + reason),
                error.message());
    }

    @Test
    void parserDetailsThatEchoTheInputAreNotShown() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_DOCKER_AUTH_CONFIG", "{\"auths\": topsecretvalue}");
        assertFalse(error.message().contains("topsecretvalue"), error.message());
    }

    @Test
    void additionalMountsAreSplitAndChecked() {
        ExecutorConfig config = TestEnv.load("EXECUTOR_DOCKER_ADDITIONAL_MOUNTS",
                "type=bind,source=/etc/ssl,target=/etc/ssl,readonly; type=volume,source=cache,target=/cache;");
        assertEquals(List.of("type=bind,source=/etc/ssl,target=/etc/ssl,readonly",
                "type=volume,source=cache,target=/cache"), config.dockerAdditionalMounts());
    }

    @Test
    void commaInsteadOfSemicolonIsAnIncorrectSeparator() {
        String value = "type=bind,source=/a,target=/b,type=bind,source=/c,target=/d";
        ConfigError error = TestEnv.onlyError("EXECUTOR_DOCKER_ADDITIONAL_MOUNTS", value);
        assertEquals(value, error.value());
        assertTrue(error.message().contains("incorrect separator"), error.message());
    }

    @Test
    void everyBadMountIsNamedInOneError() {
        ConfigError error = TestEnv.onlyError("EXECUTOR_DOCKER_ADDITIONAL_MOUNTS", "target=rel;target=/ok;type=nfs,target=/x");
        assertTrue(error.expected().contains("target=rel"), error.expected());
        assertTrue(error.expected().contains("nfs"), error.expected());
        assertFalse(error.expected().contains("target=/ok\""), error.expected());
    }

    @ParameterizedTest
    @CsvSource({"if-not-present, IF_NOT_PRESENT, missing", "always, ALWAYS, always", "never, NEVER, never"})
    void pullPolicies(String text, PullPolicy policy, String dockerValue) {
        PullPolicy parsed = TestEnv.load("EXECUTOR_DOCKER_PULL_POLICY", text).dockerPullPolicy();
        assertEquals(policy, parsed);
        assertEquals(text, parsed.text());
        assertEquals(text, parsed.toString());
        assertEquals(dockerValue, parsed.dockerValue());
    }

    @Test
    void jobNetworkIsOnByDefaultAndCanBeTurnedOff() {
        assertTrue(TestEnv.load().dockerJobNetwork());
        assertFalse(TestEnv.load("EXECUTOR_DOCKER_JOB_NETWORK", "false").dockerJobNetwork());
        ConfigError error = TestEnv.onlyError("EXECUTOR_DOCKER_JOB_NETWORK", "maybe");
        assertEquals("EXECUTOR_DOCKER_JOB_NETWORK", error.variable());
        assertEquals("maybe", error.value());
    }

    @Test
    void hostDockerConfigDirComesFromHome() {
        assertEquals(Path.of("/home/ops/.docker"), TestEnv.load("HOME", "/home/ops").dockerConfigDir());
        assertEquals(null, TestEnv.load("HOME", "").dockerConfigDir());
        assertEquals("HOME", TestEnv.onlyError("HOME", "relative/home").variable());
    }
}
