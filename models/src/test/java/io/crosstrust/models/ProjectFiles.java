package io.crosstrust.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project root and the shared public data next to it (never copied in). */
public final class ProjectFiles {
    private ProjectFiles() {}

    /**
     * The project root: system property {@code crosstrust.projectRoot} (set by Surefire), else the
     * nearest folder at or above user.dir whose pom.xml lists the models module.
     */
    public static Path projectRoot() {
        String prop = System.getProperty("crosstrust.projectRoot");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom)
                        && Files.readString(pom).contains("<module>models</module>")) {
                    return p;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("cannot find the project root above " + dir);
    }

    /** A file of ../shared/data relative to the project root. */
    public static Path sharedData(String name) {
        return projectRoot().resolve("../shared/data").resolve(name).normalize();
    }
}
