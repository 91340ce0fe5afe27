/**
 * The job payload as the rest of the executor sees it: the job, its docker and CLI steps, its files and the
 * reference the job routes need. Plain records with no dependency at all (no Jackson, no Quarkus), so every
 * package can use them without depending on the wire; {@code queue} maps the frontend's JSON onto them
 * ({@link dev.executor.queue.JobJson}). Secret-bearing records never print their secrets.
 */
package dev.executor.model;
