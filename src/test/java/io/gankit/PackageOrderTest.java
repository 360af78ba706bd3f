package io.gankit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
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
    /** ARCHITECTURE.md's order, read from its "down this order" sentence; "" is io.gankit itself. */
    static final List<String> ORDER = architectureOrder();

    static List<String> architectureOrder() {
        try {
            String text = Files.readString(Path.of("ARCHITECTURE.md"));
            int from = text.indexOf("down this order");
            int to = text.indexOf("`cli`", from) + "`cli`".length();
            assertTrue(
                    from >= 0 && to > from,
                    "ARCHITECTURE.md has no sentence 'down this order: ... `cli`'");
            List<String> order = new ArrayList<>();
            Matcher m = Pattern.compile("`([a-z.]+)`").matcher(text.substring(from, to));
            while (m.find()) {
                order.add(m.group(1).equals("io.gankit") ? "" : m.group(1));
            }
            return List.copyOf(order);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
                assertTrue(
                        ORDER.contains(own),
                        file + ": package " + own + " is not in ARCHITECTURE.md's order");
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
        assertTrue(
                ORDER.size() > 10 && ORDER.get(0).isEmpty() && ORDER.contains("train"),
                "order read: " + ORDER);
        assertEquals(List.of(), wrongWay);
    }
}
