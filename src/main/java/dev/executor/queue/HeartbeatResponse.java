package dev.executor.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The frontend's answer to a heartbeat (spec §1.5): ids it still considers ours and ids to cancel.
 * Either may be null; ids arrive as strings or numbers (Jackson coerces both to String).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeartbeatResponse(List<String> knownIds, List<String> cancelIds) {

    public List<String> knownIdsOrEmpty() {
        return knownIds == null ? List.of() : knownIds;
    }

    public List<String> cancelIdsOrEmpty() {
        return cancelIds == null ? List.of() : cancelIds;
    }
}
