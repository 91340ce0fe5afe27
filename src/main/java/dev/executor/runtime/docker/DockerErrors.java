package dev.executor.runtime.docker;

import com.github.dockerjava.api.exception.DockerException;

/** Short, readable messages from docker-java exceptions (which embed the daemon's JSON). */
final class DockerErrors {

    private DockerErrors() {
    }

    static String message(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof DockerException) {
            int start = message.indexOf("{\"message\":\"");
            if (start >= 0) {
                int end = message.indexOf("\"}", start);
                if (end > start) {
                    message = message.substring(start + 12, end);
                }
            }
        }
        return message.replaceAll("\\s+", " ").trim();
    }
}
