package io.crosstrust.sinks.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets files the sharing setup writes (tier and principal passwords, API keys). */
class SharingInstallerTest {
    @Test
    void aPrivateFileIsOwnerOnlyReplacedWholeAndLeavesNoTemporary(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("users.d").resolve("secrets.xml");
        SharingInstaller.writePrivate(file, "first");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SharingInstaller.writePrivate(file, "second");
        assertThat(Files.readString(file)).isEqualTo("second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .as("a replaced file is owner-only again, whatever the old one was")
                .isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secrets.xml");
        }
    }
}
