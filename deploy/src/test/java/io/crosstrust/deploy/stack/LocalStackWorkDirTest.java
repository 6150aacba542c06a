package io.crosstrust.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack clears its work dir at start: never a directory it did not create. */
class LocalStackWorkDirTest {

    @Test
    void refusesToClearADirectoryItDidNotCreate(@TempDir Path dir) throws Exception {
        Path precious = Files.writeString(dir.resolve("thesis.tex"), "years of work");
        assertThatThrownBy(() -> LocalStack.prepareWorkDir(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("not created by crosstrust");
        assertThat(precious).exists();
    }

    @Test
    void createsANewDirAndClearsItsOwnOnTheNextRun(@TempDir Path parent) throws Exception {
        Path dir = parent.resolve("run");
        LocalStack.prepareWorkDir(dir);
        Files.writeString(dir.resolve("left-over.log"), "from the last run");
        LocalStack.prepareWorkDir(dir);
        assertThat(dir).isDirectory();
        assertThat(dir.resolve("left-over.log")).doesNotExist();
    }

    @Test
    void anEmptyDirectoryIsFine(@TempDir Path dir) {
        LocalStack.prepareWorkDir(dir);
        assertThat(dir).isDirectory();
    }
}
