package dev.executor.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.executor.testing.DockerProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baselines the executor is compared with: the same container lifecycle (create, attach, start,
 * wait, remove) in a bare docker-java loop, and {@code docker run --rm} from Debian's CLI.
 */
final class BareDockerLoops {

    private BareDockerLoops() {
    }

    /** Milliseconds per container, one sample per container. */
    static List<Double> dockerJava(int containers, Path workspace) throws Exception {
        DockerClient docker = DockerProbe.client();
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            long start = System.nanoTime();
            String id = docker.createContainerCmd(DockerProbe.TEST_IMAGE)
                    .withEntrypoint("/bin/sh").withCmd("-c", "true").withWorkingDir("/data")
                    .withHostConfig(HostConfig.newHostConfig()
                            .withBinds(new Bind(workspace.toString(), new Volume("/data"))).withInit(true))
                    .withAttachStdout(true).withAttachStderr(true)
                    .exec().getId();
            ResultCallback.Adapter<Frame> attach = docker.attachContainerCmd(id).withStdOut(true).withStdErr(true)
                    .withFollowStream(true).exec(new ResultCallback.Adapter<>());
            attach.awaitStarted(30, TimeUnit.SECONDS);
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode();
            attach.awaitCompletion(30, TimeUnit.SECONDS);
            docker.removeContainerCmd(id).withForce(true).exec();
            samples.add((System.nanoTime() - start) / 1e6);
        }
        return samples;
    }

    /** Milliseconds per {@code docker run --rm}. */
    static List<Double> cli(int containers, Path workspace) throws Exception {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder("/usr/bin/docker", "run", "--rm", "--init", "-v", workspace + ":/data", "-w",
                    "/data", "--entrypoint", "/bin/sh", DockerProbe.TEST_IMAGE, "-c", "true")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("docker run failed");
            }
            samples.add((System.nanoTime() - start) / 1e6);
        }
        return samples;
    }
}
