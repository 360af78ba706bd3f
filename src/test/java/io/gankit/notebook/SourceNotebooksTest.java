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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks: sources without outputs, on the kit's kernel, portable, ending in checks
 * and exercises whose solutions live apart, in notebooks/solutions/.
 */
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
    void everyNotebookShowsItsFullRunsPictureFirst() throws IOException {
        for (Path path : notebooks()) {
            String name = path.getFileName().toString().replace(".ipynb", "");
            JsonArray cells = JsonParser.parseString(Files.readString(path))
                    .getAsJsonObject()
                    .getAsJsonArray("cells");
            long marked = 0;
            for (JsonElement e : cells) {
                JsonObject metadata = e.getAsJsonObject().getAsJsonObject("metadata");
                JsonObject gankit = metadata == null ? null : metadata.getAsJsonObject("gankit");
                if (gankit != null && gankit.has("picture")) {
                    marked++;
                }
            }
            assertEquals(1, marked, name + ": one cell marked {\"gankit\": {\"picture\": K}}");
            String first = source(cells.get(0).getAsJsonObject());
            assertTrue(
                    first.contains("](pictures/" + name + ".png)"),
                    name + "'s first cell shows pictures/" + name + ".png");
            Path picture = path.resolveSibling("pictures").resolve(name + ".png");
            assertTrue(
                    Files.isRegularFile(picture),
                    "missing " + picture + "; ./gankit notebooks --pictures draws it");
            byte[] bytes = Files.readAllBytes(picture);
            assertTrue(
                    bytes.length > 8 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G',
                    picture + " is not a PNG");
        }
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

    private static final Pattern MARKER = Pattern.compile("^//// exercise (\\S+)\\s*$");

    /** Exercise id -> code, as scripts/run_notebooks.py reads a solutions file. */
    private static Map<String, String> solutions(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        List<String> body = new ArrayList<>();
        List<String> lines = new ArrayList<>(Files.readString(file).lines().toList());
        lines.add("//// exercise <end>");
        for (String line : lines) {
            Matcher m = MARKER.matcher(line);
            if (!m.matches()) {
                body.add(line);
                continue;
            }
            if (current != null) {
                out.put(current, String.join("\n", body).strip());
            }
            current = m.group(1);
            body = new ArrayList<>();
            assertTrue(!out.containsKey(current), file + ": exercise " + current + " twice");
        }
        return out;
    }

    private static String gankit(JsonObject cell, String key) {
        JsonObject meta = cell.getAsJsonObject("metadata").getAsJsonObject("gankit");
        return meta == null || !meta.has(key) ? null : meta.get(key).getAsString();
    }

    @Test
    void notebooksKeepTheirJsonFormatting() throws IOException {
        for (Path path : notebooks()) {
            String text = Files.readString(path);
            // json.dumps(nb, indent=1, ensure_ascii=False) plus a newline, as Jupyter writes them
            assertTrue(text.startsWith("{\n \"cells\": [\n  {\n"), path + ": indent 1 expected");
            assertTrue(text.endsWith("}\n"), path + ": a trailing newline expected");
            assertTrue(!text.contains("\\u00b7"), path + ": non-ASCII written as escapes");
        }
    }

    @Test
    void everyNotebookEndsInExercisesWhoseSolutionsLiveApart() throws IOException {
        List<String> all = new ArrayList<>();
        Set<String> solutionFiles;
        try (Stream<Path> files = Files.list(Path.of("notebooks", "solutions"))) {
            solutionFiles = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        for (Path path : notebooks()) {
            String name = path.getFileName().toString().replace(".ipynb", "");
            List<JsonObject> cells = new ArrayList<>();
            JsonParser.parseString(Files.readString(path))
                    .getAsJsonObject()
                    .getAsJsonArray("cells")
                    .forEach(c -> cells.add(c.getAsJsonObject()));
            String everything = cells.stream()
                    .map(SourceNotebooksTest::source)
                    .collect(Collectors.joining("\n"));
            Map<String, String> gaps = new LinkedHashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                String id = gankit(cells.get(i), "exercise");
                if (id == null) {
                    continue;
                }
                String gap = source(cells.get(i));
                assertTrue(gap.contains("// your code here"), id + ": the gap must be marked");
                assertTrue(
                        source(cells.get(i - 1)).startsWith("### Exercise "),
                        id + ": a markdown cell stating the task must come before the gap");
                JsonObject check = cells.get(i + 1);
                assertEquals(id, gankit(check, "check"), id + ": its check must follow the gap");
                assertTrue(
                        source(check).strip().matches("Exercises\\.\\w+\\([^;]*\\);"),
                        id + ": a check cell calls the library and nothing else: " + source(check));
                assertTrue(id.startsWith(name.substring(0, 3)), id + " is not in " + name);
                gaps.put(id, gap);
            }
            int least = name.startsWith("00-") ? 0 : 2;
            int most = name.startsWith("00-") ? 1 : 3;
            assertTrue(
                    gaps.size() >= least && gaps.size() <= most,
                    path + " has " + gaps.size() + " exercises; expected " + least + " to " + most);
            all.addAll(gaps.keySet());
            Path file = Path.of("notebooks", "solutions", name + ".jsh");
            if (gaps.isEmpty()) {
                assertTrue(!Files.exists(file), file + " solves a notebook without exercises");
                continue;
            }
            solutionFiles.remove(file.getFileName().toString());
            Map<String, String> solved = solutions(file);
            assertEquals(gaps.keySet(), solved.keySet(), file + ": a solution for every exercise");
            for (var e : solved.entrySet()) {
                String gap = gaps.get(e.getKey());
                // What the gap gives (a declaration the solution completes) is no answer.
                List<String> answer = e.getValue()
                        .lines()
                        .map(String::strip)
                        .filter(line -> !gap.contains(line))
                        .toList();
                assertTrue(!answer.isEmpty(), e.getKey() + ": the solution only repeats the gap");
                for (String line : answer) {
                    assertTrue(
                            line.length() < 15 || !everything.contains(line),
                            e.getKey() + ": the students' notebook holds the answer line: " + line);
                }
            }
        }
        assertEquals(
                Exercises.IDS, all, "the notebooks' exercises, in order, and the library's checks");
        assertTrue(solutionFiles.isEmpty(), "solutions without a notebook: " + solutionFiles);
    }
}
