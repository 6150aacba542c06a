package io.crosstrust.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The brokers' classpath must come from a file Maven wrote; anything else fails saying so. */
class KafkaClusterProcessesTest {
    @TempDir Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(KafkaClusterProcesses.CLASSPATH_FILE_PROPERTY);
    }

    @Test
    void classpathComesFromTheNamedFile() throws Exception {
        Path file = dir.resolve("kafka-broker.classpath");
        Files.writeString(file, "/a/kafka_2.13.jar:/a/kafka-clients.jar\n");
        System.setProperty(KafkaClusterProcesses.CLASSPATH_FILE_PROPERTY, file.toString());
        assertThat(KafkaClusterProcesses.classpathFromProperty())
                .isEqualTo("/a/kafka_2.13.jar:/a/kafka-clients.jar");
    }

    @Test
    void aMissingPropertyOrFileSaysWhatToDo() throws Exception {
        System.clearProperty(KafkaClusterProcesses.CLASSPATH_FILE_PROPERTY);
        assertThatThrownBy(KafkaClusterProcesses::classpathFromProperty)
                .hasMessageContaining(KafkaClusterProcesses.CLASSPATH_FILE_PROPERTY)
                .hasMessageContaining("dependency:build-classpath");

        System.setProperty(
                KafkaClusterProcesses.CLASSPATH_FILE_PROPERTY, dir.resolve("absent").toString());
        assertThatThrownBy(KafkaClusterProcesses::classpathFromProperty)
                .hasMessageContaining("absent")
                .hasMessageContaining("build the module with Maven");

        Path empty = dir.resolve("empty.classpath");
        Files.writeString(empty, "\n");
        System.setProperty(KafkaClusterProcesses.CLASSPATH_FILE_PROPERTY, empty.toString());
        assertThatThrownBy(KafkaClusterProcesses::classpathFromProperty)
                .hasMessageContaining("empty");
    }
}
