package dev.executor.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.executor.logs.EntryRecord;
import dev.executor.model.Job;
import dev.executor.model.JobRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on disk: what is written where, with which modes, and what a new process reads back. */
class JobJournalTest {

    private static final String TOKEN = "3f9a6c1e0b5d4a7f8e2c9b1d6a0f4e3c2b1a0987";

    @TempDir
    Path tmp;

    private static Job job() throws Exception {
        return dev.executor.queue.JobJson.mapper().readValue("""
                {"version":2,"id":42,"token":"%s","repositoryName":"","commit":"",
                 "files":{"input.json":{"content":"eyJhIjoxfQ==","modifiedAt":"0001-01-01T00:00:00Z"}},
                 "dockerSteps":[{"key":"build","image":"alpine","commands":["make"],"dir":"","env":["T=ghp_x"]}],
                 "redactedValues":{"ghp_x":"${{ secrets.T }}"},"dockerAuthConfig":{}}
                """.formatted(TOKEN), Job.class);
    }

    @Test
    void recordsEveryPhaseAndANewProcessReadsItBack() throws Exception {
        StateDir state = new StateDir(tmp.resolve("state"));
        JobJournals journals = new JobJournals(state, "host-abc");
        JobRef ref = new JobRef(42, "batches", TOKEN);
        Instant start = Instant.parse("2024-03-01T10:00:00Z");
        JobJournal j = journals.begin(job(), ref, start, start.plusSeconds(1800));
        j.workspace(Path.of("/tmp/workspace-42-abc"));
        j.stepStarted(0, "step.docker.build");
        j.containerCreated("c0ffee");
        j.entries(List.of(new EntryRecord(0, "step.docker.build", List.of("docker"), start.toString(), 7, null, null,
                "0.log")));

        Path dir = state.jobsDir().resolve("batches-42");
        assertEquals(dir, j.dir());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("job.json"))));
        assertEquals(TOKEN, Files.readString(dir.resolve("token")));
        String payload = Files.readString(dir.resolve("job.json"));
        assertFalse(payload.contains(TOKEN), "the token lives in its own file only");
        assertFalse(payload.contains("eyJhIjoxfQ=="), "file contents are not kept");

        // A new process: the journal is a leftover, and reads back whole.
        JobJournals after = new JobJournals(state, "host-abc");
        List<JobJournals.Leftover> left = after.leftovers();
        assertEquals(1, left.size());
        JobJournal back = left.get(0).journal();
        JournalState s = back.state();
        assertEquals(JournalPhase.STEP_RUNNING, s.phase);
        assertEquals(0, s.stepIndex);
        assertEquals("step.docker.build", s.stepKey);
        assertEquals(List.of("c0ffee"), s.containers);
        assertEquals("/tmp/workspace-42-abc", s.workspace);
        assertEquals("host-abc", s.executorName);
        assertEquals(start.plusSeconds(1800).toString(), s.expiresAt);
        assertEquals(7, s.entries.get(0).entryId());
        assertEquals(ref, back.ref());
        Job stored = back.job();
        assertEquals(TOKEN, stored.token());
        assertEquals("make", stored.dockerSteps().get(0).commands().get(0));
        assertEquals("${{ secrets.T }}", stored.redactedValues().get("ghp_x"));
    }

    @Test
    void finishingTheJobRemovesItsDirectory() throws Exception {
        StateDir state = new StateDir(tmp.resolve("state"));
        JobJournals journals = new JobJournals(state, "host");
        JobRef ref = new JobRef(42, "codeintel", TOKEN);
        JobJournal j = journals.begin(job(), ref, Instant.now(), null);
        assertTrue(journals.leftovers().isEmpty(), "an active job's journal is not a leftover");
        j.stepFinished(0, 0, false, "step.docker.step.2.pre");
        assertEquals("step.docker.step.2.pre", JobJournal.load(j.dir()).state().skipUntil);
        journals.finish(ref);
        assertFalse(Files.exists(j.dir()));
        assertTrue(journals.find(ref).isEmpty());
    }

    @Test
    void anUnreadableJournalIsStillReportedAsALeftover() throws Exception {
        StateDir state = new StateDir(tmp.resolve("state"));
        Path dir = state.jobsDir().resolve("batches-9");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("journal.json"), "{not json");
        List<JobJournals.Leftover> left = new JobJournals(state, "host").leftovers();
        assertEquals(1, left.size());
        assertNull(left.get(0).journal());
        assertEquals(new Recovery.JobKey(9, "batches"), Recovery.JobKey.of(left.get(0)));
    }
}
