package dev.executor.workspace;

import dev.executor.logs.JobLog;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import dev.executor.runtime.Cancellation;
import java.nio.file.Path;

/** Checks out the job's repository into {@code repoDir} (spec §4.4), one log entry per git command. */
public interface RepositoryCloner {

    /** Throws {@link WorkspaceException} with {@code failed setup.git.<key>: ...} on failure. */
    void checkout(Job job, JobRef ref, Path repoDir, JobLog log, Cancellation cancel);
}
