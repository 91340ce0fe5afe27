package dev.executor.model;

import java.util.List;
import java.util.Map;

/**
 * A dequeued job (spec §2.1). Nullable collections stay null as they came on the wire; use the accessors that
 * default them to empty.
 *
 * @param dockerAuthConfig the payload's {@code dockerAuthConfig} as raw JSON text (v2), or null when absent or
 *                         JSON {@code null}; secret. Parsed where it is used ({@code RegistryCredentials},
 *                         {@code DockerConfigDir}) so this record stays free of any JSON library.
 */
public record Job(
        int version,
        long id,
        String queue,
        String token,
        String repositoryName,
        String repositoryDirectory,
        String commit,
        boolean fetchTags,
        boolean shallowClone,
        List<String> sparseCheckout,
        Map<String, JobFile> files,
        List<DockerStep> dockerSteps,
        List<CliStep> cliSteps,
        Map<String, String> redactedValues,
        String dockerAuthConfig) {

    /** The same job at another commit ({@code run-job} resolves a local revision such as {@code HEAD}). */
    public Job withCommit(String otherCommit) {
        return new Job(version, id, queue, token, repositoryName, repositoryDirectory, otherCommit, fetchTags,
                shallowClone, sparseCheckout, files, dockerSteps, cliSteps, redactedValues, dockerAuthConfig);
    }

    /** v2 payloads carry base64 file content and a docker auth config; anything else is v1. */
    public boolean isV2() {
        return version == 2;
    }

    public Map<String, JobFile> filesOrEmpty() {
        return files == null ? Map.of() : files;
    }

    public List<DockerStep> dockerStepsOrEmpty() {
        return dockerSteps == null ? List.of() : dockerSteps;
    }

    public List<CliStep> cliStepsOrEmpty() {
        return cliSteps == null ? List.of() : cliSteps;
    }

    public Map<String, String> redactedValuesOrEmpty() {
        return redactedValues == null ? Map.of() : redactedValues;
    }

    public List<String> sparseCheckoutOrEmpty() {
        return sparseCheckout == null ? List.of() : sparseCheckout;
    }

    public boolean hasRepository() {
        return repositoryName != null && !repositoryName.isEmpty();
    }

    /**
     * Never the token, the redacted values or the docker auth config; file contents and step commands are
     * summarised (they may be large and may hold what {@code redactedValues} masks).
     */
    @Override
    public String toString() {
        return "Job[version=" + version + ", id=" + id + ", queue=" + queue
                + ", token=" + (token == null || token.isEmpty() ? "<none>" : "<redacted>")
                + ", repositoryName=" + repositoryName + ", repositoryDirectory=" + repositoryDirectory
                + ", commit=" + commit + ", fetchTags=" + fetchTags + ", shallowClone=" + shallowClone
                + ", sparseCheckout=" + sparseCheckout
                + ", files=" + filesOrEmpty().keySet()
                + ", dockerSteps=" + dockerStepsOrEmpty().stream().map(DockerStep::key).toList()
                + ", cliSteps=" + cliStepsOrEmpty().stream().map(CliStep::key).toList()
                + ", redactedValues=" + redactedValuesOrEmpty().size()
                + ", dockerAuthConfig=" + (dockerAuthConfig == null ? "<none>" : "<redacted>") + "]";
    }
}
