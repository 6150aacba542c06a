package io.crosstrust.ingest.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's root folder (the one holding package.json and the parent pom), where the node
 * tools live in node_modules/ and the shared data sits beside it in ../shared/. Looked up, in
 * order: system property {@code crosstrust.projectRoot} (set by the test runners), environment
 * variable {@code CROSSTRUST_HOME} (set by ./crosstrust), then upwards from the working directory.
 */
public final class ProjectRoot {
    private ProjectRoot() {}

    public static Path find() {
        String property = System.getProperty("crosstrust.projectRoot");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        String env = System.getenv("CROSSTRUST_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("package.json")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "cannot find the crosstrust project root: set CROSSTRUST_HOME or run from inside the project");
    }
}
