package io.gankit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gankit.kernel.KernelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed notebooks: sources without outputs, on the kit's kernel, portable, ending in checks. */
class SourceNotebooksTest {
    private static List<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    private static String source(JsonObject cell) {
        JsonElement src = cell.get("source");
        if (src.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            src.getAsJsonArray().forEach(e -> sb.append(e.getAsString()));
            return sb.toString();
        }
        return src.getAsString();
    }

    @Test
    void notebooksAreCommittedWithoutOutputsAndEndInChecks() throws IOException {
        List<Path> all = notebooks();
        List<String> names = all.stream().map(p -> p.getFileName().toString()).toList();
        for (String expected : List.of(
                "00-kernel-check.ipynb",
                "01-generator.ipynb",
                "02-discriminator.ipynb",
                "03-minimax-loss.ipynb",
                "04-mnist-gan.ipynb")) {
            assertTrue(names.contains(expected), "missing notebook " + expected + " in " + names);
        }
        for (Path path : all) {
            JsonObject nb = JsonParser.parseString(Files.readString(path)).getAsJsonObject();
            assertEquals(
                    KernelSpec.NAME,
                    nb.getAsJsonObject("metadata")
                            .getAsJsonObject("kernelspec")
                            .get("name")
                            .getAsString(),
                    path + " must ask for the kit's kernel");
            List<JsonObject> code = new ArrayList<>();
            JsonArray cells = nb.getAsJsonArray("cells");
            cells.forEach(c -> {
                if (c.getAsJsonObject().get("cell_type").getAsString().equals("code")) {
                    code.add(c.getAsJsonObject());
                }
            });
            for (JsonObject cell : code) {
                assertEquals(
                        0, cell.getAsJsonArray("outputs").size(), path + " has outputs committed");
                assertTrue(
                        cell.get("execution_count").isJsonNull(),
                        path + " has execution counts committed");
            }
            assertEquals(
                    "%jars ../lib/*.jar",
                    source(code.get(0)).strip(),
                    path + " must load the kit's jars first, for upstream IJava/JJava kernels");
            assertTrue(
                    code.stream().anyMatch(c -> source(c).contains("Checks.require(")),
                    path + " must end with checks that fail loudly");
        }
    }
}
