/**
 * A job's workspace on the host (spec §4.3–§4.5): the {@code workspace-<id>-*} directory, the job's
 * files (inline or from the file store), one script per docker step under
 * {@code .sourcegraph-executor/}, path checks that keep everything inside the workspace, and removal.
 * {@code workspace.git} checks the job's repository out into it.
 */
package dev.executor.workspace;
