package dev.executor.job;

import dev.executor.logs.Redactor;
import dev.executor.model.Job;
import dev.executor.runtime.RegistryCredentials;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job must keep secret, read once from its payload: its registry credentials ({@code dockerAuthConfig}) and
 * the redactor masking them with the executor's own secrets and the job's {@code redactedValues}. A malformed
 * {@code dockerAuthConfig} is remembered as {@code credentialsError}: the job fails naming it, before any step.
 */
record JobSecrets(RegistryCredentials credentials, String credentialsError, Redactor redactor) {

    static JobSecrets of(Job job, JobSettings settings) {
        RegistryCredentials credentials = RegistryCredentials.NONE;
        String error = null;
        try {
            credentials = RegistryCredentials.parse(job.dockerAuthConfig());
        } catch (IllegalArgumentException e) {
            error = "invalid dockerAuthConfig: " + e.getMessage();
        }
        List<String> secrets = new ArrayList<>(settings.executorSecrets());
        secrets.addAll(credentials.secrets());
        return new JobSecrets(credentials, error, Redactor.forJob(secrets, job.redactedValuesOrEmpty()));
    }

    /** Without a payload (unreadable after a restart): only the executor's own secrets. */
    static JobSecrets executorOnly(JobSettings settings) {
        return new JobSecrets(RegistryCredentials.NONE, null, Redactor.forJob(settings.executorSecrets(), java.util.Map.of()));
    }
}
