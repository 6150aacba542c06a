package io.crosstrust.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher refuses what cannot work before it starts any process, saying what to fix. */
class StandaloneFlinkClusterTest {
    @TempDir Path work;

    @Test
    void aClusterWithoutTaskManagerSlotsIsRefused() {
        assertThatThrownBy(() -> StandaloneFlinkCluster.builder(work).taskManagers(0).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 1 TaskManager");
        assertThatThrownBy(
                        () -> StandaloneFlinkCluster.builder(work).slotsPerTaskManager(0).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 2 x 0");
    }

    @Test
    void aRuntimeLibWithoutFlinksJarsSaysHowToBuildThem() throws Exception {
        Path lib = Files.createDirectories(work.resolve("lib"));
        Files.createFile(lib.resolve("flink-core-2.2.0.jar"));
        assertThatThrownBy(() -> StandaloneFlinkCluster.builder(work).runtimeLib(lib).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Flink runtime jars in " + lib)
                .hasMessageContaining("mvn -pl flink-runtime package");
        // nothing was written or started
        assertThatThrownBy(() -> Files.readString(work.resolve("conf/config.yaml")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void aTaskHeapTooSmallForFlinkIsRefused() {
        assertThatThrownBy(() -> StandaloneFlinkCluster.builder(work).taskHeapMb(16).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task heap");
    }
}
