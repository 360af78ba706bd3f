package io.gankit.experiment;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;

import io.gankit.BadInputException;
import io.gankit.nn.Architectures;
import io.gankit.train.TrainConfig;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An experiment: a base training config, a grid over any of its keys and a number of seeds, read
 * from a small JSON file (comments allowed). Its cells are the grid's combinations, and every cell
 * runs once per seed.
 * <pre>
 * // The loss study: saturating vs non-saturating G loss at three learning rates
 * {
 *   "name": "loss-study",
 *   "description": "what it asks, in a sentence",
 *   "base": {"dataset": "mnist", "model": "mlp", "epochs": 5},
 *   "grid": {"loss": ["minimax", "non-saturating"], "learningRate": [1e-4, 2e-4, 5e-4]},
 *   "seeds": 3
 * }
 * </pre>
 * The keys of {@code base} and {@code grid} are those of a run's {@code config.json} (the
 * {@link TrainConfig} components, such as {@code batchSize}, {@code beta1}, {@code criticSteps},
 * {@code gradientPenalty}), with three shorthands: {@code model} (an architecture name, whose
 * default batch size applies unless {@code batchSize} is given), {@code latent} and
 * {@code learningRate} (both learning rates). JSON, not YAML, because a run folder's config is
 * JSON already: one format and one parser (Gson) for both. {@code seeds} is a count (seeds 1..N)
 * or a list.
 *
 * @param name the experiment's name (its folder's name by default)
 * @param description what the experiment asks
 * @param base settings every run shares
 * @param grid each varied key with its values, in file order (the first key varies slowest)
 * @param seeds the seeds every cell runs with
 * @param scoring how runs are scored while they train ({@code "score": {"every": N, "samples": M}}),
 *     or null for no scores
 * @param file where it was read from (named in error messages)
 */
public record Experiment(
        String name,
        String description,
        JsonObject base,
        Map<String, List<JsonElement>> grid,
        List<Long> seeds,
        Scoring scoring,
        Path file) {

    /** Keys that are not {@link TrainConfig} components but stand for some of them. */
    private static final Set<String> SHORTHANDS = Set.of("model", "latent", "learningRate");

    private static final Gson GSON = new Gson();

    /** Reads and checks an experiment file; every cell's config is built once here, so a bad value fails now. */
    public static Experiment read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read experiment " + file, e);
        }
        JsonObject root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.LENIENT); // comments
            root = JsonParser.parseReader(reader).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw BadInputException.of(
                    file,
                    "no JSON object (" + e.getMessage() + ")",
                    "{\"name\": ..., \"base\": {...}, \"grid\": {...}, \"seeds\": N}");
        }
        for (String key : root.keySet()) {
            if (!Set.of("name", "description", "base", "grid", "seeds", "score").contains(key)) {
                throw BadInputException.of(
                        file,
                        "a key '" + key + "'",
                        "name, description, base, grid, seeds and score");
            }
        }
        String fileName = file.getFileName().toString().replaceFirst("\\.json$", "");
        String name = root.has("name") ? root.get("name").getAsString() : fileName;
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw BadInputException.of(
                    file,
                    "name '" + name + "'",
                    "letters, digits, '.', '_' and '-' (it names a folder)");
        }
        String description = root.has("description") ? root.get("description").getAsString() : "";
        JsonObject base = root.has("base") ? object(file, root, "base") : new JsonObject();
        Map<String, List<JsonElement>> grid = new LinkedHashMap<>();
        if (root.has("grid")) {
            for (Map.Entry<String, JsonElement> e : object(file, root, "grid").entrySet()) {
                if (!e.getValue().isJsonArray() || e.getValue().getAsJsonArray().isEmpty()) {
                    throw BadInputException.of(
                            file,
                            "grid key '" + e.getKey() + "' with " + e.getValue(),
                            "a non-empty list of values");
                }
                List<JsonElement> values = new ArrayList<>();
                e.getValue().getAsJsonArray().forEach(values::add);
                grid.put(e.getKey(), values);
            }
        }
        Experiment experiment = new Experiment(
                name, description, base, grid, seeds(file, root), scoring(file, root), file);
        for (Cell cell : experiment.cells()) {
            experiment.config(
                    cell, experiment.seeds().get(0)); // every key and value checked before any run
        }
        return experiment;
    }

    private static JsonObject object(Path file, JsonObject root, String key) {
        if (!root.get(key).isJsonObject()) {
            throw BadInputException.of(file, "'" + key + "' is " + root.get(key), "a JSON object");
        }
        return root.getAsJsonObject(key);
    }

    /**
     * How runs are scored while they train: the domain FID, IS and class coverage of {@code samples}
     * generated images every {@code every} steps (0: at each epoch's end), the best checkpoint kept.
     */
    public record Scoring(long every, int samples) {}

    private static Scoring scoring(Path file, JsonObject root) {
        if (!root.has("score")) {
            return null;
        }
        JsonObject o = object(file, root, "score");
        for (String key : o.keySet()) {
            if (!Set.of("every", "samples").contains(key)) {
                throw BadInputException.of(file, "a score key '" + key + "'", "every and samples");
            }
        }
        try {
            long every = o.has("every") ? o.get("every").getAsLong() : 0;
            int samples = o.has("samples") ? o.get("samples").getAsInt() : 1_000;
            if (every < 0 || samples < 2) {
                throw new NumberFormatException();
            }
            return new Scoring(every, samples);
        } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException e) {
            throw BadInputException.of(
                    file,
                    "score " + o,
                    "{\"every\": steps >= 0 (0: each epoch), \"samples\": at least 2}");
        }
    }

    /**
     * The same experiment shrunk for a smoke test (CI, {@code sweep --quick}): every run on the first
     * 1,024 images for at most {@value #QUICK_STEPS} steps, checkpoints every 8 steps, 16-image sample
     * grids, and at most 200 scored images; same grid and seeds.
     */
    public Experiment quick() {
        JsonObject small = base.deepCopy();
        small.addProperty("limit", 1024);
        small.addProperty("maxSteps", QUICK_STEPS);
        small.addProperty("checkpointEvery", 8);
        small.addProperty("samples", 16);
        Scoring s = scoring == null
                ? null
                : new Scoring(
                        scoring.every() == 0 ? 0 : Math.min(scoring.every(), 8),
                        Math.min(scoring.samples(), 200));
        return new Experiment(name, description, small, grid, seeds, s, file);
    }

    /** Steps of each run in {@link #quick()}. */
    public static final int QUICK_STEPS = 16;

    private static List<Long> seeds(Path file, JsonObject root) {
        JsonElement s = root.has("seeds") ? root.get("seeds") : new JsonPrimitive(1);
        List<Long> seeds = new ArrayList<>();
        try {
            if (s.isJsonArray()) {
                for (JsonElement e : s.getAsJsonArray()) {
                    seeds.add(e.getAsLong());
                }
            } else {
                for (long i = 1; i <= s.getAsInt(); i++) {
                    seeds.add(i);
                }
            }
        } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException e) {
            throw BadInputException.of(
                    file, "seeds " + s, "a count N (seeds 1..N) or a list of whole numbers");
        }
        if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
            throw BadInputException.of(file, "seeds " + s, "at least one seed, none twice");
        }
        return List.copyOf(seeds);
    }

    /** One combination of the grid's values. */
    public record Cell(Map<String, JsonElement> values) {
        /**
         * The cell's name, {@code key=value} pairs joined by commas in grid order (its folder's
         * name); {@code base} for an experiment without a grid.
         */
        public String name() {
            if (values.isEmpty()) {
                return "base";
            }
            List<String> parts = new ArrayList<>();
            values.forEach((k, v) -> parts.add(k + "=" + text(v)));
            return String.join(",", parts);
        }

        /** A value as it reads in the file (strings without quotes). */
        public static String text(JsonElement v) {
            return v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()
                    ? v.getAsString()
                    : v.toString();
        }
    }

    /** One run of the experiment: a cell with a seed. */
    public record RunKey(Cell cell, long seed) {
        /** The run's folder under the experiment's folder: {@code CELL/seed-N}. */
        public Path folder(Path experimentDir) {
            return experimentDir.resolve(cell.name()).resolve("seed-" + seed);
        }
    }

    /** Every combination of the grid's values, the first key varying slowest. */
    public List<Cell> cells() {
        List<Map<String, JsonElement>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonElement>> key : grid.entrySet()) {
            List<Map<String, JsonElement>> next = new ArrayList<>();
            for (Map<String, JsonElement> partial : combos) {
                for (JsonElement value : key.getValue()) {
                    Map<String, JsonElement> m = new LinkedHashMap<>(partial);
                    m.put(key.getKey(), value);
                    next.add(m);
                }
            }
            combos = next;
        }
        return combos.stream()
                .map(m -> new Cell(Collections.unmodifiableMap(m)))
                .toList();
    }

    /** Every run: each cell with each seed, cell by cell. */
    public List<RunKey> runs() {
        List<RunKey> runs = new ArrayList<>();
        for (Cell cell : cells()) {
            for (long seed : seeds) {
                runs.add(new RunKey(cell, seed));
            }
        }
        return runs;
    }

    /**
     * The training config of a cell and seed: the kit's defaults, then {@code base}, then the cell's
     * values, then the seed. The model's image shape is the seed MNIST's until the run fits it to
     * its data ({@link TrainConfig#fittedTo}).
     */
    public TrainConfig config(Cell cell, long seed) {
        JsonObject merged = new JsonObject();
        base.entrySet().forEach(e -> merged.add(e.getKey(), e.getValue()));
        cell.values().forEach(merged::add);
        JsonObject config = GSON.toJsonTree(TrainConfig.builder().build()).getAsJsonObject();
        Set<String> known = new TreeSet<>(config.keySet());
        known.remove("seed");
        known.addAll(SHORTHANDS);
        for (Map.Entry<String, JsonElement> e : merged.entrySet()) {
            String key = e.getKey();
            JsonElement value = e.getValue();
            if (!known.contains(key)) {
                throw BadInputException.of(
                        file,
                        "a setting '" + key + "'"
                                + (key.equals("seed") ? " (seeds are set by \"seeds\")" : ""),
                        "one of " + known);
            }
            try {
                switch (key) {
                    case "model" -> {
                        if (value.isJsonObject()) {
                            config.add("model", value);
                        } else {
                            String arch = value.getAsString();
                            Architectures.get(arch); // fails with the list of names
                            config.getAsJsonObject("model").addProperty("architecture", arch);
                            if (!merged.has("batchSize")) {
                                config.addProperty(
                                        "batchSize", Architectures.get(arch).defaultBatchSize());
                            }
                        }
                    }
                    case "latent" ->
                        config.getAsJsonObject("model").addProperty("latent", value.getAsInt());
                    case "learningRate" -> {
                        config.addProperty("learningRateD", value.getAsDouble());
                        config.addProperty("learningRateG", value.getAsDouble());
                    }
                    default -> config.add(key, checked(key, value));
                }
            } catch (NumberFormatException
                    | UnsupportedOperationException
                    | IllegalStateException e2) {
                throw BadInputException.of(
                        file, "setting '" + key + "' = " + value, "a value of the config's type");
            } catch (BadInputException e2) {
                throw BadInputException.of(
                        file,
                        "setting '" + key + "' = " + value + " (" + e2.getMessage() + ")",
                        "a known value");
            }
        }
        config.addProperty("seed", seed);
        try {
            TrainConfig c = GSON.fromJson(config, TrainConfig.class);
            return c.toBuilder().build(); // through the record's constructor: every value checked
        } catch (JsonParseException | NumberFormatException e) {
            throw BadInputException.of(
                    file,
                    "a config that does not parse (" + e.getMessage() + ") in cell " + cell.name(),
                    "values of the config's types");
        } catch (RuntimeException e) {
            // Gson builds the record through its constructor, which checks every value; it wraps
            // what that throws.
            Throwable cause = e instanceof BadInputException ? e : e.getCause();
            if (cause instanceof BadInputException bad) {
                throw BadInputException.of(
                        file,
                        "cell " + cell.name() + ": " + bad.getMessage(),
                        "valid training settings");
            }
            throw e;
        }
    }

    /** {@code value} when it has the type of the config's component {@code key}; else an error naming both. */
    private JsonElement checked(String key, JsonElement value) {
        Class<?> type = Arrays.stream(TrainConfig.class.getRecordComponents())
                .filter(c -> c.getName().equals(key))
                .findFirst()
                .orElseThrow()
                .getType();
        boolean number = value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
        String expected;
        if (type == int.class || type == long.class) {
            expected = "a whole number";
            if (number && value.getAsDouble() == Math.rint(value.getAsDouble())) {
                return value;
            }
        } else if (type == double.class) {
            expected = "a number";
            if (number) {
                return value;
            }
        } else if (type == String.class) {
            expected = "a string";
            if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
                return value;
            }
        } else {
            return value;
        }
        throw BadInputException.of(file, "setting '" + key + "' = " + value, expected);
    }

    /** The grid's keys, in file order. */
    public List<String> keys() {
        return List.copyOf(grid.keySet());
    }
}
