package dev.executor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;

import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ErrorResponse;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.WaitResponse;
import com.github.dockerjava.core.DockerConfigFile;
import com.github.dockerjava.core.DockerContextMetaFile;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A native executable only reflects on classes registered at build time. These tests compute, from the
 * classes Jackson maps, everything it will reflect on and check it is registered, so a new field or record
 * cannot break the native build silently (it cannot be built on these machines).
 */
class NativeReflectionTest {

    /**
     * What docker-java's mapper reads or writes for the calls the executor makes: the create-container
     * request body, the responses of create, inspect (container and image), pull, wait, version, info and
     * list, error bodies, registry credentials (sent as JSON in a header), and ~/.docker's config and context files read
     * when the client is built.
     */
    static final List<Class<?>> DOCKER_ROOTS = List.of(CreateContainerCmdImpl.class, CreateContainerResponse.class,
            InspectContainerResponse.class, InspectImageResponse.class, PullResponseItem.class, WaitResponse.class,
            Version.class, Info.class, Container.class, ErrorResponse.class, AuthConfig.class, AuthConfigurations.class,
            DockerConfigFile.class, DockerContextMetaFile.class);

    static Set<Class<?>> registered(String holder) throws ClassNotFoundException {
        RegisterForReflection r = Class.forName(holder).getAnnotation(RegisterForReflection.class);
        Set<Class<?>> all = new LinkedHashSet<>(Arrays.asList(r.targets()));
        for (String name : r.classNames()) {
            all.add(Class.forName(name));
        }
        return all;
    }

    /** The records (top-level and nested) compiled into the package of {@code anchor}, in the main classes. */
    static List<Class<?>> recordsIn(Class<?> anchor) throws IOException, URISyntaxException, ClassNotFoundException {
        String pkg = anchor.getPackageName();
        // The main classes' directory, not the first on the class path: tests may share the package.
        Path dir = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(pkg.replace('.', '/'));
        List<Class<?>> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = f.getFileName().toString();
                Class<?> c = Class.forName(pkg + "." + name.substring(0, name.length() - ".class".length()));
                if (c.isRecord()) {
                    records.add(c);
                }
            }
        }
        return records;
    }

    static void assertRegistered(Set<Class<?>> needed, Set<Class<?>> registered, String holder) {
        Set<String> missing = needed.stream().filter(c -> !registered.contains(c))
                .map(c -> c.getName().replace('$', '.') + ".class,").collect(Collectors.toCollection(TreeSet::new));
        assertTrue(missing.isEmpty(), "add to " + holder + "'s targets:\n" + String.join("\n", missing));
    }

    @Test
    void everyQueueRecordAndWhatItRefersToIsRegistered() throws Exception {
        List<Class<?>> records = new ArrayList<>(recordsIn(dev.executor.queue.DequeueRequest.class));
        assertTrue(records.size() >= 10, "found only " + records);
        List<Class<?>> model = recordsIn(dev.executor.model.Job.class);
        assertTrue(model.size() >= 5, "found only " + model);
        records.addAll(model); // the payload records the queue maps the wire onto, and the mix-ins doing it
        records.addAll(Arrays.asList(dev.executor.queue.JobJson.class.getDeclaredClasses()));
        Set<Class<?>> needed = JacksonClosure.of(records, c -> c.getName().startsWith("dev.executor."));
        assertTrue(needed.contains(dev.executor.queue.JobFileDeserializer.class), "custom deserializers are followed");
        assertRegistered(needed, registered("dev.executor.queue.QueueJsonTypes"), "QueueJsonTypes");
    }

    @Test
    void theMixinsThePayloadIsMappedWithAreRegistered() throws Exception {
        Set<Class<?>> registered = registered("dev.executor.queue.QueueJsonTypes");
        for (Class<?> mixin : dev.executor.queue.JobJson.class.getDeclaredClasses()) {
            assertTrue(registered.contains(mixin), "add to QueueJsonTypes's targets: " + mixin.getName());
        }
    }

    @Test
    void dockerJavaClassesOurCallsMapAreRegistered() throws Exception {
        Set<Class<?>> needed = JacksonClosure.of(DOCKER_ROOTS, c -> c.getName().startsWith("com.github.dockerjava."));
        assertTrue(needed.contains(com.github.dockerjava.api.model.HostConfig.class), "nested models are followed");
        assertRegistered(needed, registered("dev.executor.runtime.docker.DockerJsonTypes"), "DockerJsonTypes");
    }

    @Test
    void registrationsListNoClassTwice() throws Exception {
        for (String holder : List.of("dev.executor.queue.QueueJsonTypes", "dev.executor.runtime.docker.DockerJsonTypes")) {
            List<Class<?>> targets = Arrays.asList(Class.forName(holder).getAnnotation(RegisterForReflection.class).targets());
            assertEquals(targets.size(), new LinkedHashSet<>(targets).size(), holder);
        }
    }
}
