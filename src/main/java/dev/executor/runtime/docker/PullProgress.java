package dev.executor.runtime.docker;

import com.github.dockerjava.api.model.PullResponseItem;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the daemon's pull progress stream into the lines {@code docker pull} prints without a terminal,
 * one per layer status change ({@code <layer>: Pull complete}), dropping the byte-count ticks that make
 * up most of the stream.
 */
final class PullProgress {

    private final Map<String, String> lastStatus = new HashMap<>();

    /** The line to log for this item, if it says something new. Errors are not lines: the caller reports them. */
    Optional<String> line(PullResponseItem item) {
        String status = item.getStatus();
        if (status == null || status.isBlank() || item.getErrorDetail() != null || item.getError() != null) {
            return Optional.empty();
        }
        String id = item.getId();
        if (id == null || id.isEmpty()) {
            return Optional.of(status);
        }
        if (status.equals(lastStatus.put(id, status))) {
            return Optional.empty();
        }
        return Optional.of(id + ": " + status);
    }
}
