package dev.executor.job;

import dev.executor.runtime.Cancellation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.executor.logs.Redactor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** markComplete / markFailed / markErrored / no mark, exactly as spec §4.8 and the lifecycle rules. */
class OutcomesTest {

    static final Redactor REDACT = new Redactor(Map.of("s3cret", "REDACTED"));
    static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);
    static final String STEP_ERROR = "running command \"step.docker.x\": job was canceled";

    static JobOutcome decide(String error, Cancellation.Reason reason, List<String> logErrors) {
        return Outcomes.decide(REDACT, error, logErrors, reason, THIRTY_MINUTES);
    }

    @Test
    void noErrorCompletesEvenWhenACancelArrivedAfterTheLastStep() {
        assertEquals(new JobOutcome.Completed(), decide(null, null, List.of()));
        for (Cancellation.Reason late : Cancellation.Reason.values()) {
            assertEquals(new JobOutcome.Completed(), decide(null, late, List.of()), late.name());
        }
    }

    @Test
    void userCancelIsMarkFailedWithTheRedactedError() {
        assertEquals(new JobOutcome.Failed("boom REDACTED"), decide("boom s3cret", Cancellation.Reason.CANCELED, List.of()));
        assertEquals(new JobOutcome.Failed(STEP_ERROR), decide(STEP_ERROR, Cancellation.Reason.CANCELED, List.of()));
    }

    @Test
    void deadlineIsMarkErroredWithSourcegraphsMessage() {
        assertEquals(new JobOutcome.Errored("job exceeded maximum execution time of 30m0s: context deadline exceeded"),
                decide("running command \"step.docker.x\": ...", Cancellation.Reason.DEADLINE, List.of()));
        assertEquals(new JobOutcome.Errored("job exceeded maximum execution time of 1m30s: context deadline exceeded"),
                Outcomes.decide(REDACT, "x", List.of(), Cancellation.Reason.DEADLINE, Duration.ofSeconds(90)));
    }

    @Test
    void unknownToTheFrontendIsMarkErroredWithTheJobError() {
        assertEquals(new JobOutcome.Errored("running command \"step.docker.x\": job is no longer known to the frontend"),
                decide("running command \"step.docker.x\": job is no longer known to the frontend",
                        Cancellation.Reason.UNKNOWN_TO_FRONTEND, List.of()));
    }

    @Test
    void shutdownLeavesTheJobUnmarked() {
        assertEquals(new JobOutcome.Abandoned("executor is shutting down"),
                decide("running command \"step.docker.x\": executor is shutting down", Cancellation.Reason.SHUTDOWN, List.of()));
    }

    @Test
    void anErrorWithoutCancelAndAnIncompleteLogAreMarkErrored() {
        assertEquals(new JobOutcome.Errored("running command \"step.docker.x\": command failed with exit code 3"),
                decide("running command \"step.docker.x\": command failed with exit code 3", null, List.of()));
        assertEquals(new JobOutcome.Errored("updating log entry step.docker.x: unexpected status code 500"),
                decide(null, null, List.of("updating log entry step.docker.x: unexpected status code 500")));
        assertEquals(new JobOutcome.Errored("a REDACTED; b"), decide("a s3cret", null, List.of("b")));
    }
}
