package dev.executor.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilesClientTest {

    @Test
    void segmentsArePercentEncodedOneByOne() throws IOException {
        assertEquals("batch-changes", FilesClient.pathSegments("bucket", "batch-changes"));
        assertEquals("Zx1AbC/Ab9_x.y~z", FilesClient.pathSegments("key", "Zx1AbC/Ab9_x.y~z"));
        assertEquals("a%20b/c%3Fd%23e/%C3%A9", FilesClient.pathSegments("key", "a b/c?d#e/\u00e9"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../queue/batches/markComplete", "spec/..", "spec/./file", "/spec/file", "spec//file", "spec/", ""})
    void dotAndEmptySegmentsAreRefusedSoTheTokenOnlyGoesToTheFilesRoute(String key) {
        IOException e = assertThrows(IOException.class, () -> FilesClient.pathSegments("key", key));
        assertEquals("file store key \"" + key + "\" has an empty, \".\" or \"..\" segment", e.getMessage());
    }
}
