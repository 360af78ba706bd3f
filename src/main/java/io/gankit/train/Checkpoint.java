package io.gankit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.MalformedModelException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A trainer's whole state in a folder {@code checkpoints/step-NNNNNNNN/}: every network of its
 * game ({@code NAME.params}, DJL's parameter format), every optimiser's moments
 * ({@code adam-NAME.bin}), any extra state of the game ({@code state-NAME.bin}, {@link
 * Game#savedState()}), the step, the training time and the history up to that step, with a
 * {@code state.json} that names them. For a GAN the names are {@code generator} and
 * {@code discriminator}.
 *
 * <p>The folder is written under a temporary name and renamed when complete, so a run killed
 * while saving leaves the previous checkpoint as the latest one and never a partial one.
 */
public final class Checkpoint {
    /** The folder of a run's checkpoints. */
    public static final String DIR = "checkpoints";
    /** The format {@link #save} writes; format 1 (a GAN's two networks, before games) is still read. */
    static final int FORMAT = 2;

    private static final Pattern NAME = Pattern.compile("step-(\\d{8})");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private Checkpoint() {}

    /**
     * What {@code state.json} records. Format 2 names each optimiser's step count; format 1 had
     * {@code adamStepsD} and {@code adamStepsG} for a GAN's discriminator and generator.
     */
    record State(
            int format,
            long step,
            double seconds,
            Map<String, Long> optimizerSteps,
            String architecture,
            Long adamStepsD,
            Long adamStepsG) {
        long optimizerSteps(String name) {
            if (format == 1) {
                return name.equals("discriminator") ? adamStepsD : adamStepsG;
            }
            Long steps = optimizerSteps == null ? null : optimizerSteps.get(name);
            if (steps == null) {
                throw new BadInputException("checkpoint state names no optimiser '" + name
                        + "' (it has " + (optimizerSteps == null ? "none" : optimizerSteps.keySet())
                        + ")");
            }
            return steps;
        }
    }

    /**
     * Saves the trainer's state under {@code runDir/checkpoints}, then deletes all but the newest
     * {@code keep} checkpoints.
     *
     * @return the checkpoint folder
     * @throws DivergenceException if a parameter is NaN or infinite (nothing is written)
     */
    public static Path save(GanTrainer<?> trainer, Path runDir, int keep) {
        requireFiniteParameters(trainer);
        Game game = trainer.game();
        Path dir = runDir.resolve(DIR);
        Path target = dir.resolve(String.format("step-%08d", trainer.stepsDone()));
        try {
            Files.createDirectories(dir);
            Path temp = AtomicFiles.tempDirectory(dir, ".partial-");
            try {
                for (Map.Entry<String, Block> network : game.networks().entrySet()) {
                    writeBlock(network.getValue(), temp.resolve(network.getKey() + ".params"));
                }
                Map<String, Long> steps = new LinkedHashMap<>();
                for (Map.Entry<String, Adam> optimizer : game.optimizers().entrySet()) {
                    Files.write(
                            temp.resolve("adam-" + optimizer.getKey() + ".bin"),
                            optimizer.getValue().encodeState());
                    steps.put(optimizer.getKey(), optimizer.getValue().steps());
                }
                for (Map.Entry<String, Game.SavedState> part : game.savedState().entrySet()) {
                    Files.write(
                            temp.resolve(stateFile(part.getKey())),
                            part.getValue().encode());
                }
                trainer.history().writeCsv(temp.resolve("history.csv"));
                State state = new State(
                        FORMAT,
                        trainer.stepsDone(),
                        trainer.seconds(),
                        steps,
                        game.signature(),
                        null,
                        null);
                Files.writeString(temp.resolve("state.json"), GSON.toJson(state));
                if (Files.exists(target)) {
                    deleteTree(
                            target); // same step saved again (end of run right after an interval)
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.exists(temp)) {
                    deleteTree(temp);
                }
            }
            prune(dir, keep);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + target, e);
        }
    }

    /** The folder of a run's best checkpoint by a score ({@link #saveBest}). */
    public static final String BEST = "best";

    /**
     * Saves the trainer's state as the run's best checkpoint, {@code runDir/best/} (a checkpoint
     * folder like the others), replacing the previous best. The new one is complete before the old
     * one is removed, so a kill leaves one of them whole: {@code best/}, or {@code best.old/} until
     * the next save.
     *
     * @return the best checkpoint's folder
     */
    public static Path saveBest(GanTrainer<?> trainer, Path runDir) {
        Path staging = runDir.resolve(".best-staging");
        try {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
            Path saved = save(trainer, staging, 1);
            Path best = runDir.resolve(BEST);
            Path old = runDir.resolve(BEST + ".old");
            if (Files.exists(old)) {
                deleteTree(old);
            }
            if (Files.exists(best)) {
                Files.move(best, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(saved, best, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(staging);
            if (Files.exists(old)) {
                deleteTree(old);
            }
            return best;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the best checkpoint of " + runDir, e);
        }
    }

    /** The step of a checkpoint folder, read from its {@code state.json} (any folder name). */
    public static long stepIn(Path checkpoint) {
        try {
            State state = GSON.fromJson(
                    Files.readString(checkpoint.resolve("state.json"), StandardCharsets.UTF_8),
                    State.class);
            return state.step();
        } catch (IOException | RuntimeException e) {
            throw BadInputException.of(
                    checkpoint.resolve("state.json"),
                    "no readable checkpoint state (" + e + ")",
                    "a step");
        }
    }

    /** The newest complete checkpoint of a run, if any. */
    public static Optional<Path> latest(Path runDir) {
        return list(runDir.resolve(DIR)).stream().reduce((a, b) -> b);
    }

    /** Complete checkpoints, oldest first. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve("state.json")))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts {@code trainer} (built from the same config) in the state saved at {@code checkpoint}. */
    public static void restore(GanTrainer<?> trainer, Path checkpoint) {
        Game game = trainer.game();
        try {
            State state = GSON.fromJson(
                    Files.readString(checkpoint.resolve("state.json"), StandardCharsets.UTF_8),
                    State.class);
            if (state == null || state.format() < 1 || state.format() > FORMAT) {
                throw BadInputException.of(
                        checkpoint.resolve("state.json"),
                        "an unknown format",
                        "a gankit checkpoint of format 1 to " + FORMAT);
            }
            if (!game.signature().equals(state.architecture())) {
                throw BadInputException.of(
                        checkpoint,
                        "a checkpoint of a " + state.architecture() + " model",
                        "one of " + game.signature());
            }
            for (Map.Entry<String, Block> network : game.networks().entrySet()) {
                readBlock(
                        network.getValue(),
                        checkpoint.resolve(network.getKey() + ".params"),
                        trainer.manager());
            }
            for (Map.Entry<String, Adam> optimizer : game.optimizers().entrySet()) {
                String name = optimizer.getKey();
                optimizer
                        .getValue()
                        .restoreState(
                                Files.readAllBytes(checkpoint.resolve("adam-" + name + ".bin")),
                                state.optimizerSteps(name));
            }
            for (Map.Entry<String, Game.SavedState> part : game.savedState().entrySet()) {
                Path file = checkpoint.resolve(stateFile(part.getKey()));
                if (!Files.isRegularFile(file)) {
                    throw BadInputException.of(
                            checkpoint,
                            "no " + file.getFileName() + " (a checkpoint written without this"
                                    + " game's " + part.getKey() + " state)",
                            "a checkpoint of " + game.signature() + " with its state");
                }
                try {
                    part.getValue().restore(Files.readAllBytes(file));
                } catch (IOException e) {
                    throw BadInputException.of(
                            file,
                            "state this game cannot read (" + e.getMessage() + ")",
                            "the " + part.getKey() + " state of " + game.signature());
                }
            }
            History history = History.readCsv(checkpoint.resolve("history.csv"));
            trainer.restore(state.step(), state.seconds(), history);
        } catch (IOException e) {
            throw new BadInputException(
                    checkpoint + ": unreadable checkpoint (" + e.getMessage() + ")", e);
        } catch (com.google.gson.JsonParseException e) {
            throw BadInputException.of(
                    checkpoint.resolve("state.json"),
                    "malformed JSON (" + e.getMessage() + ")",
                    "a checkpoint state");
        }
    }

    /** The file of a game's extra state {@code name} in a checkpoint: {@code state-NAME.bin}. */
    static String stateFile(String name) {
        return "state-" + name + ".bin";
    }

    static void writeBlock(Block block, Path file) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /** Writes a network's parameters to {@code file} atomically. */
    static void writeBlockAtomically(Block block, Path file) throws IOException {
        AtomicFiles.write(file, out -> block.saveParameters(new DataOutputStream(out)));
    }

    static void readBlock(Block block, Path file, NDManager manager) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            block.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException | RuntimeException e) {
            throw new MalformedModelException(
                    file + ": not parameters of this network (" + e.getMessage() + ")", e);
        }
        // Loading replaces the arrays; the new ones must take gradients again.
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }

    static void requireFiniteParameters(GanTrainer<?> trainer) {
        for (Block block : trainer.game().networks().values()) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray a = p.getValue().getArray();
                try (NDArray bad = a.isNaN().logicalOr(a.isInfinite()).any()) {
                    if (bad.getBoolean()) {
                        throw new DivergenceException(
                                trainer.stepsDone(), "parameter " + p.getKey() + " is not finite");
                    }
                }
            }
        }
    }

    private static void prune(Path dir, int keep) throws IOException {
        List<Path> all = list(dir);
        for (int i = 0; i < all.size() - keep; i++) {
            deleteTree(all.get(i));
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The step of a checkpoint folder, from its name. */
    public static long stepOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw BadInputException.of(
                    checkpoint, "a folder name that is not step-NNNNNNNN", "a checkpoint folder");
        }
        return Long.parseLong(m.group(1));
    }
}
