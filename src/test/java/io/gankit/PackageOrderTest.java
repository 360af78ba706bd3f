package io.gankit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports go one way, down the package order of ARCHITECTURE.md: a class may use its own package
 * and those before it, never one after it (so there is no cycle either).
 */
class PackageOrderTest {
    /** ARCHITECTURE.md's order; "" is io.gankit itself (errors, atomic files). */
    static final List<String> ORDER = List.of("", "engine", "data", "plot", "nn", "loss", "train", "metrics", "lab",
            "notebook", "kernel", "bench", "cli");
    private static final Pattern USE = Pattern.compile("io\\.gankit\\.([a-z]+)\\.[A-Z]");

    @Test
    void noPackageUsesOneAfterIt() throws IOException {
        Path root = Path.of("src/main/java/io/gankit");
        List<String> wrongWay = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(root)) {
            for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                Path dir = root.relativize(file.getParent());
                String own = dir.toString();
                assertTrue(ORDER.contains(own), file + ": package " + own + " is not in ARCHITECTURE.md's order");
                Matcher m = USE.matcher(Files.readString(file));
                while (m.find()) {
                    String used = m.group(1);
                    assertTrue(ORDER.contains(used), file + " uses unknown package " + used);
                    if (ORDER.indexOf(used) > ORDER.indexOf(own)) {
                        wrongWay.add(root.relativize(file) + " uses io.gankit." + used);
                    }
                }
            }
        }
        assertTrue(files > 100, "read only " + files + " sources");
        assertEquals(List.of(), wrongWay);
    }
}
