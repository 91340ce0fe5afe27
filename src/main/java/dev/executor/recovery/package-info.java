/**
 * Nothing lost across crashes: the state directory (with the executor name kept across restarts), a journal per
 * job written atomically at each phase change, the recovery run at start before anything is dequeued (finish the
 * jobs the frontend still considers ours, clean up after the rest), the janitor that removes what no job owns, and
 * the gate that pauses dequeuing while orphans remain or disk runs low. See {@code docs/durability.md}.
 */
package dev.executor.recovery;
