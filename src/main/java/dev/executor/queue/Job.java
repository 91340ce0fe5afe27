package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/**
 * A dequeued job (spec §2.1). Unknown fields are ignored so newer frontends keep working. Nullable
 * collections stay null on the wire; use the accessors that default them to empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
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
        @JsonDeserialize(contentUsing = JobFileDeserializer.class) Map<String, JobFile> files,
        List<DockerStep> dockerSteps,
        List<CliStep> cliSteps,
        Map<String, String> redactedValues,
        JsonNode dockerAuthConfig) {

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

    /** The job's docker auth entries, or null when the job carries none (v1, {@code {}} or no auths). */
    public JsonNode dockerAuthsOrNull() {
        if (dockerAuthConfig == null || !dockerAuthConfig.isObject()) {
            return null;
        }
        JsonNode auths = dockerAuthConfig.get("auths");
        return auths != null && auths.isObject() && auths.size() > 0 ? dockerAuthConfig : null;
    }
}
