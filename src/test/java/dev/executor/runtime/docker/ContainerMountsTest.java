package dev.executor.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.executor.config.MountSpec;
import org.junit.jupiter.api.Test;

/** EXECUTOR_DOCKER_ADDITIONAL_MOUNTS specs become the API's mounts with their options. */
class ContainerMountsTest {

    @Test
    void bindWithPropagationAndReadOnly() {
        Mount m = ContainerSpecs.mount(MountSpec.parse("type=bind,source=/etc/ssl,target=/etc/ssl,readonly,bind-propagation=rslave"));
        assertEquals(MountType.BIND, m.getType());
        assertEquals("/etc/ssl", m.getSource());
        assertEquals("/etc/ssl", m.getTarget());
        assertTrue(m.getReadOnly());
        assertEquals(BindPropagation.R_SLAVE, m.getBindOptions().getPropagation());
    }

    @Test
    void tmpfsWithSizeAndMode() {
        Mount m = ContainerSpecs.mount(MountSpec.parse("type=tmpfs,target=/scratch,tmpfs-size=64m,tmpfs-mode=1777"));
        assertEquals(MountType.TMPFS, m.getType());
        assertNull(m.getSource());
        assertEquals(64L * 1024 * 1024, m.getTmpfsOptions().getSizeBytes());
        assertEquals(01777, m.getTmpfsOptions().getMode());
    }

    @Test
    void namedVolumeWithoutCopy() {
        Mount m = ContainerSpecs.mount(MountSpec.parse("source=cache,target=/cache,volume-nocopy"));
        assertEquals(MountType.VOLUME, m.getType());
        assertEquals("cache", m.getSource());
        assertTrue(m.getVolumeOptions().getNoCopy());
    }
}
