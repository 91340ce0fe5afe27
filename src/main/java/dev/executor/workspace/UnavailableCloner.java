package dev.executor.workspace;

import dev.executor.logs.JobLog;
import dev.executor.queue.Job;
import dev.executor.queue.JobRef;
import dev.executor.runtime.Cancellation;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/** TEMPORARY until the git cloner lands: refuses jobs that name a repository. */
@ApplicationScoped
public class UnavailableCloner implements RepositoryCloner {

    @Override
    public void checkout(Job job, JobRef ref, Path repoDir, JobLog log, Cancellation cancel) {
        throw new WorkspaceException("cloning repositories is not supported yet (repository \"" + job.repositoryName() + "\")");
    }
}
