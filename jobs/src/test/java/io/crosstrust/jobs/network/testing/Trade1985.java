package io.crosstrust.jobs.network.testing;

import io.crosstrust.ingest.local.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The world trade network of 1985 (Jiang, Yang &amp; Wang 2019, from UN Comtrade; CC0): 192
 * countries, 12,743 arcs exporter -> importer, read from {@code ../shared/data/} beside the project
 * root (never copied into the project).
 */
public final class Trade1985 {
    public static final String FILE = "trade1985_comtrade_jiang2019_edges.csv";
    public static final int COUNTRIES = 192;
    public static final int ARCS = 12_743;

    /** One arc of the file. */
    public record Arc(String exporter, String importer, String value) {}

    private Trade1985() {}

    public static Path path() {
        return ProjectRoot.find().resolve("../shared/data").resolve(FILE).normalize();
    }

    /** Every arc, read with a plain split (the file has no quoted fields). */
    public static List<Arc> arcs() {
        try {
            List<String> lines = Files.readAllLines(path(), StandardCharsets.UTF_8);
            List<Arc> arcs = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                arcs.add(new Arc(f[0], f[1], f[3]));
            }
            return arcs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path(), e);
        }
    }

    public static ReferenceNetwork reference() {
        List<String[]> pairs = new ArrayList<>();
        for (Arc a : arcs()) {
            pairs.add(new String[] {a.exporter(), a.importer()});
        }
        return new ReferenceNetwork(pairs);
    }
}
