package dev.executor.workspace;

import dev.executor.model.Job;
import dev.executor.model.JobFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes the job's files and its step scripts into the workspace (spec §4.3 step 4). Every path is
 * checked before anything is written, so a job with one bad path writes nothing. Each write is
 * reported as {@code Wrote <path> in <duration>} for the {@code setup.fs.extras} entry.
 */
public final class WorkspaceFiles {

    /** Go's zero time: the frontend always serialises it and it means "leave the mtime alone". */
    private static final String ZERO_TIME_PREFIX = "0001-01-01T00:00:00";

    public void write(Workspace workspace, Job job, FileStore fileStore, Consumer<String> report) {
        List<Runnable> writes = new ArrayList<>();
        for (Map.Entry<String, JobFile> e : job.filesOrEmpty().entrySet()) {
            Path target = workspace.resolve(e.getKey(), "file path");
            JobFile file = e.getValue() == null ? new JobFile("", null, null, null) : e.getValue();
            writes.add(() -> writeFile(target, job, e.getKey(), file, fileStore, report));
        }
        for (int i = 0; i < job.dockerStepsOrEmpty().size(); i++) {
            // The name embeds the commit: resolved like any job path, so a "/" in it cannot lead outside.
            Path script = workspace.resolve(StepScripts.DIR + "/" + StepScripts.name(job, i), "step script");
            byte[] content = StepScripts.content(job.dockerStepsOrEmpty().get(i).commandsOrEmpty())
                    .getBytes(StandardCharsets.UTF_8);
            writes.add(() -> timed(script, report, () -> Files.write(script, content)));
        }
        try {
            Files.createDirectories(workspace.scriptsDir());
        } catch (IOException e) {
            throw new WorkspaceException("creating " + workspace.scriptsDir() + ": " + e.getMessage(), e);
        }
        writes.forEach(Runnable::run);
    }

    private static void writeFile(Path target, Job job, String relative, JobFile file, FileStore fileStore,
            Consumer<String> report) {
        timed(target, report, () -> {
            Files.createDirectories(target.getParent());
            if (file.fromFileStore()) {
                try (InputStream in = fileStore.open(file.bucket(), file.key())) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                Files.write(target, decode(job, relative, file));
            }
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwxrwx"));
            setModifiedAt(target, relative, file.modifiedAt());
        });
    }

    private static byte[] decode(Job job, String relative, JobFile file) {
        String content = file.content() == null ? "" : file.content();
        if (!job.isV2()) {
            return content.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            throw new WorkspaceException("file \"" + relative + "\": content is not valid base64 (v2 payload): "
                    + e.getMessage(), e);
        }
    }

    private static void setModifiedAt(Path target, String relative, String modifiedAt) throws IOException {
        if (modifiedAt == null || modifiedAt.isEmpty() || modifiedAt.startsWith(ZERO_TIME_PREFIX)) {
            return;
        }
        try {
            Files.setLastModifiedTime(target, FileTime.from(OffsetDateTime.parse(modifiedAt).toInstant()));
        } catch (java.time.format.DateTimeParseException e) {
            throw new WorkspaceException("file \"" + relative + "\": modifiedAt \"" + modifiedAt
                    + "\" is not an RFC 3339 time", e);
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void timed(Path path, Consumer<String> report, IoAction action) {
        long start = System.nanoTime();
        try {
            action.run();
        } catch (IOException e) {
            throw new WorkspaceException("writing " + path + ": " + e, e);
        }
        report.accept("Wrote " + path + " in " + goDuration(Duration.ofNanos(System.nanoTime() - start)));
    }

    /** Go's {@code time.Duration.String()} for short durations, as the Sourcegraph line shows. */
    static String goDuration(Duration d) {
        long nanos = d.toNanos();
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return trim(nanos / 1_000.0) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return trim(nanos / 1_000_000.0) + "ms";
        }
        return trim(nanos / 1_000_000_000.0) + "s";
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
