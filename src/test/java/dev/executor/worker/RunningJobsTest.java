package dev.executor.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.runtime.Cancellation;
import dev.executor.model.JobRef;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The running set: UIDs per queue mode, duplicates, and closing it for shutdown. */
class RunningJobsTest {

    @Test
    void uidsAreIdOrIdDashQueue() {
        RunningJobs single = new RunningJobs(false);
        assertTrue(single.add(new JobRef(7, "batches", "t"), new Cancellation()));
        assertEquals(Set.of("7"), single.snapshot().keySet());

        RunningJobs multi = new RunningJobs(true);
        assertTrue(multi.add(new JobRef(7, "batches", "t"), new Cancellation()));
        assertTrue(multi.add(new JobRef(7, "codeintel", "t"), new Cancellation()), "ids are unique per queue only");
        assertEquals(Set.of("7-batches", "7-codeintel"), multi.snapshot().keySet());
    }

    @Test
    void aDuplicateIsRefused() {
        RunningJobs running = new RunningJobs(false);
        assertTrue(running.add(new JobRef(7, "batches", "t"), new Cancellation()));
        assertFalse(running.add(new JobRef(7, "batches", "t2"), new Cancellation()), "job already exists");
        assertEquals(1, running.size());
    }

    @Test
    void closingCancelsRunningJobsAndEveryJobThatJoinsLater() {
        RunningJobs running = new RunningJobs(false);
        Cancellation before = new Cancellation();
        running.add(new JobRef(1, "batches", "t"), before);

        running.closeWith(Cancellation.Reason.SHUTDOWN);
        Cancellation late = new Cancellation(); // dequeued while the executor was stopping
        assertTrue(running.add(new JobRef(2, "batches", "t"), late));

        assertEquals(Cancellation.Reason.SHUTDOWN, before.reason());
        assertEquals(Cancellation.Reason.SHUTDOWN, late.reason());
        assertTrue(late.isCancelled());
    }

    @Test
    void removingLeavesOthersAlone() {
        RunningJobs running = new RunningJobs(false);
        Cancellation other = new Cancellation();
        running.add(new JobRef(1, "batches", "t"), new Cancellation());
        running.add(new JobRef(2, "batches", "t"), other);
        running.remove(new JobRef(1, "batches", "t"));
        assertEquals(Set.of("2"), running.snapshot().keySet());
        assertNull(other.reason());
    }
}
