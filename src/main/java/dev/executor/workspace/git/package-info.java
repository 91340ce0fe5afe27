/**
 * Checking out the job's repository (spec §1.8, §4.4): a loopback reverse proxy to the frontend's git
 * endpoint that adds the job's credentials so git never sees them, the exact sequence of git commands
 * with their log keys, and the startup check that the host's git is new enough.
 */
package dev.executor.workspace.git;
