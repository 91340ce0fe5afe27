package dev.executor.bench;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import dev.executor.testing.DockerProbe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own record of what happened ({@code GET /events} with since/until): container create, start, die and
 * destroy with the container's labels, and network create, connect, disconnect and destroy. Each event's time is when
 * the engine finished that action, so the gaps between one container's events show where the engine spent its time
 * without the executor's cooperation. Network events carry no labels; a network belongs to the job whose container
 * was connected to it.
 */
final class DockerEvents {

    /** One event: epoch nanoseconds, container or network, action, the object's id, its attributes. */
    record DockerEvent(long epochNanos, String type, String action, String id, Map<String, String> attributes) {
    }

    private DockerEvents() {
    }

    /** Container events of containers with these labels, and all network events, between two instants. */
    static List<DockerEvent> between(Instant since, Instant until, Map<String, String> containerLabels) {
        List<DockerEvent> events = new ArrayList<>(query(since, until, EventType.CONTAINER, containerLabels));
        events.addAll(query(since, until, EventType.NETWORK, Map.of()));
        events.sort((a, b) -> Long.compare(a.epochNanos(), b.epochNanos()));
        return events;
    }

    /**
     * Per job id: its containers' events and those of the networks its containers were connected to, in order.
     * Container events are matched by the job-id label; the job's network is found through its connect events.
     */
    static Map<Long, List<DockerEvent>> byJob(List<DockerEvent> events, String jobIdLabel) {
        Map<String, Long> containerJob = new HashMap<>();
        Map<String, Long> networkJob = new HashMap<>();
        for (DockerEvent e : events) {
            String job = e.attributes().get(jobIdLabel);
            if (e.type().equals("container") && job != null) {
                containerJob.put(e.id(), Long.parseLong(job));
            }
        }
        for (DockerEvent e : events) {
            if (e.type().equals("network") && e.action().equals("connect")) {
                Long job = containerJob.get(e.attributes().get("container"));
                if (job != null) {
                    networkJob.put(e.id(), job);
                }
            }
        }
        Map<Long, List<DockerEvent>> out = new HashMap<>();
        for (DockerEvent e : events) {
            Long job = e.type().equals("container") ? containerJob.get(e.id()) : networkJob.get(e.id());
            if (job != null) {
                out.computeIfAbsent(job, j -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    private static List<DockerEvent> query(Instant since, Instant until, EventType type, Map<String, String> labels) {
        List<DockerEvent> out = Collections.synchronizedList(new ArrayList<>());
        var cmd = DockerProbe.client().eventsCmd()
                .withSince(Long.toString(since.getEpochSecond()))
                .withUntil(Long.toString(until.getEpochSecond() + 1))
                .withEventTypeFilter(type);
        if (!labels.isEmpty()) {
            cmd.withLabelFilter(labels);
        }
        try {
            cmd.exec(new ResultCallback.Adapter<Event>() {
                @Override
                public void onNext(Event event) {
                    Long nanos = event.getTimeNano();
                    long at = nanos != null ? nanos : event.getTime() * 1_000_000_000L;
                    Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                            ? Map.of() : Map.copyOf(event.getActor().getAttributes());
                    String id = event.getActor() == null ? event.getId() : event.getActor().getId();
                    out.add(new DockerEvent(at, type.getValue(), String.valueOf(event.getAction()), id, attributes));
                }
            }).awaitCompletion(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return List.copyOf(out);
    }
}
