package io.gankit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.data.TrainingData;
import io.gankit.nn.Gan;
import io.gankit.plot.Charts;
import io.gankit.plot.ImageGrid;
import io.gankit.plot.Images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * A training run and its folder:
 * <pre>
 * config.json                  the {@link TrainConfig}; enough to rebuild the models and resume
 * history.csv                  one row per step (see {@link History})
 * loss.png                     the game's losses against step
 * d_outputs.png                mean D(x), D(G(z)) against step (games that measure them)
 * samples/epoch-NNN.png        the game's sample grid after each epoch; samples/final.png
 * samples.gif                  those grids as an animation
 * NAME.png                     the game's end pictures ({@link Game#endPictures}; StyleGAN's
 *                              style-mixing, truncation, interpolation)
 * checkpoints/step-NNNNNNNN/   the newest checkpoints (see {@link Checkpoint})
 * NAME.params                  final weights of each network (DJL format): generator, discriminator
 * summary.json                 steps, time, outcome and final averages of each measure
 * resumes.csv                  the step each resume started from, and when (resumed runs only)
 * </pre>
 * Every file is written atomically; the folder is always in a state a resume can use.
 */
public final class Run implements AutoCloseable {
    /** Checkpoints kept; older ones are deleted once a newer one is complete. */
    public static final int KEEP_CHECKPOINTS = 2;

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .create();

    private final Path dir;
    private final GanTrainer<?> trainer;

    private Run(Path dir, GanTrainer<?> trainer) {
        this.dir = dir;
        this.trainer = trainer;
        trainer.addListener(new Writer());
    }

    /**
     * A new run in {@code dir}, which must not hold another run.
     *
     * @param data the training data named by {@code config.dataset()}
     */
    public static Run start(Path dir, TrainConfig config, TrainingData data, NDManager parent) {
        return start(dir, config, data, parent, manager -> GanGame.create(config, manager));
    }

    /**
     * A new run of any game in {@code dir}, which must not hold another run: the config drives the
     * loop (epochs, batch, seed, limits) and is written as {@code config.json}; what the game needs
     * beyond it to be rebuilt (for a resume) is the caller's to record.
     */
    public static <G extends Game> Run start(
            Path dir,
            TrainConfig config,
            TrainingData data,
            NDManager parent,
            Function<NDManager, G> newGame) {
        if (Files.exists(dir.resolve("config.json"))) {
            throw new BadInputException(dir + " already holds a run; resume it with --resume " + dir
                    + " or choose another output folder");
        }
        GanTrainer<G> trainer = GanTrainer.create(config, data, parent, newGame);
        AtomicFiles.writeString(dir.resolve("config.json"), GSON.toJson(config));
        return new Run(dir, trainer);
    }

    /**
     * The run in {@code dir}, restored from its newest checkpoint (or from scratch when it has none).
     *
     * @param loadData gives the training data for the run's config
     */
    public static Run resume(
            Path dir, Function<TrainConfig, TrainingData> loadData, NDManager parent) {
        TrainConfig config = readConfig(dir);
        return resume(
                dir, loadData.apply(config), parent, manager -> GanGame.create(config, manager));
    }

    /**
     * The run of any game in {@code dir}, restored from its newest checkpoint (or from scratch when
     * it has none); {@code newGame} must build the game the run was started with, from {@code
     * config.json} ({@link #readConfig}) and whatever else the starter recorded.
     */
    public static <G extends Game> Run resume(
            Path dir, TrainingData data, NDManager parent, Function<NDManager, G> newGame) {
        TrainConfig config = readConfig(dir);
        GanTrainer<G> trainer = GanTrainer.create(config, data, parent, newGame);
        Checkpoint.latest(dir).ifPresent(c -> Checkpoint.restore(trainer, c));
        recordResume(dir, trainer.stepsDone());
        return new Run(dir, trainer);
    }

    /**
     * The game of the run in {@code dir} as its newest checkpoint left it (as it started, when it
     * has none), to look at or score, not to train on: nothing in the folder changes. {@code
     * newGame} builds the game the run was started with; the game lives in {@code parent}.
     */
    public static <G extends Game> G load(
            Path dir, TrainingData data, NDManager parent, Function<NDManager, G> newGame) {
        GanTrainer<G> trainer = GanTrainer.create(readConfig(dir), data, parent, newGame);
        Checkpoint.latest(dir).ifPresent(c -> Checkpoint.restore(trainer, c));
        return trainer.game();
    }

    /**
     * Adds a row to the folder's {@code resumes.csv}, so that a run brought back by hand, by a
     * sweep or by a cluster's retry says where it continued from.
     */
    private static void recordResume(Path dir, long step) {
        Path file = dir.resolve("resumes.csv");
        try {
            String before = Files.isRegularFile(file) ? Files.readString(file) : "step,at\n";
            AtomicFiles.writeString(file, before + step + "," + Instant.now() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config of the run in {@code dir}. */
    public static TrainConfig readConfig(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(dir + " is not a run folder: it has no config.json");
        }
        try {
            TrainConfig config = GSON.fromJson(Files.readString(file), TrainConfig.class);
            if (config == null || config.model() == null) {
                throw BadInputException.of(file, "no model in the config", "a gankit run config");
            }
            // Records are rebuilt through their constructor, so the values are validated here too.
            return config.toBuilder().build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JsonParseException e) {
            throw BadInputException.of(
                    file, "malformed JSON (" + e.getMessage() + ")", "a gankit run config");
        }
    }

    /**
     * The networks of the run in {@code dir}: its final weights when it finished, else those of its
     * newest checkpoint.
     */
    public static Gan loadGan(Path dir, NDManager parent) {
        TrainConfig config = readConfig(dir);
        Path weights = dir;
        if (!Files.isRegularFile(dir.resolve("generator.params"))) {
            weights = Checkpoint.latest(dir)
                    .orElseThrow(() -> new BadInputException(
                            dir + " holds no weights yet: no generator.params and no checkpoint"));
        }
        Gan gan = Gan.create(config.model(), parent, config.seed());
        try {
            Checkpoint.readBlock(
                    gan.generator(), weights.resolve("generator.params"), gan.manager());
            Checkpoint.readBlock(
                    gan.discriminator(), weights.resolve("discriminator.params"), gan.manager());
        } catch (IOException e) {
            gan.close();
            throw new BadInputException(
                    weights + ": unreadable weights (" + e.getMessage() + ")", e);
        }
        return gan;
    }

    /** Trains to the end of the configured epochs or until stopped; writes everything on the way. */
    public TrainListener.Outcome train() {
        return trainer.fit();
    }

    public GanTrainer<?> trainer() {
        return trainer;
    }

    public Path dir() {
        return dir;
    }

    /** Adds a listener (progress, live plots) to the run's trainer. */
    public Run addListener(TrainListener listener) {
        trainer.addListener(listener);
        return this;
    }

    /** Writes history, pictures and checkpoints as the run goes. */
    private final class Writer implements TrainListener {
        @Override
        public void onStep(GanTrainer<?> t, StepRecord record) {
            long every = t.config().checkpointEvery();
            boolean epochEndWrites = t.stepsDone() % t.stepsPerEpoch() == 0
                    && writesAtEpochEnd(
                            (int) (t.stepsDone() / t.stepsPerEpoch()), t.stepsPerEpoch());
            if (every > 0 && t.stepsDone() % every == 0 && !epochEndWrites) {
                Checkpoint.save(t, dir, KEEP_CHECKPOINTS);
            }
        }

        @Override
        public void onEpochEnd(GanTrainer<?> t, int epoch) {
            if (!writesAtEpochEnd(epoch, t.stepsPerEpoch())) {
                return;
            }
            writeSamples(t, dir.resolve(String.format("samples/epoch-%03d.png", epoch)));
            writeCharts(t);
            Checkpoint.save(t, dir, KEEP_CHECKPOINTS);
        }

        @Override
        public void onEnd(GanTrainer<?> t, Outcome outcome) {
            if (outcome == Outcome.DIVERGED) {
                // Keep every good checkpoint; write only what shows how it went.
                writeCharts(t);
                writeSummary(t, outcome);
                return;
            }
            if (t.stepsDone() == 0) {
                return;
            }
            Checkpoint.save(t, dir, KEEP_CHECKPOINTS);
            writeSamples(t, dir.resolve("samples/final.png"));
            writeEndPictures(t);
            writeCharts(t);
            writeAnimation();
            try {
                for (Map.Entry<String, Block> network : t.game().networks().entrySet()) {
                    Checkpoint.writeBlockAtomically(
                            network.getValue(), dir.resolve(network.getKey() + ".params"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            writeSummary(t, outcome);
        }
    }

    /**
     * Whether the end of {@code epoch} (from 1) writes a sample grid, the charts and a checkpoint:
     * every epoch of {@value #EPOCH_OUTPUT_STEPS} steps or more (every usual data set); on a few
     * hundred images, whose epochs are a few steps, every {@code ceil(16 / steps)}-th, so that a
     * long run on them does not spend its time writing a checkpoint every three steps.
     */
    static boolean writesAtEpochEnd(int epoch, long stepsPerEpoch) {
        long stride = (EPOCH_OUTPUT_STEPS + stepsPerEpoch - 1) / stepsPerEpoch;
        return epoch % stride == 0;
    }

    /** The fewest steps between two epoch-end outputs (see {@link #writesAtEpochEnd}). */
    static final int EPOCH_OUTPUT_STEPS = 16;

    private void writeCharts(GanTrainer<?> t) {
        t.history().writeCsv(dir.resolve("history.csv"));
        Images.writePng(Charts.lossCurves(t.history().table()), dir.resolve("loss.png"));
        if (Charts.hasDiscriminatorOutputs(t.history().table())) {
            Images.writePng(
                    Charts.discriminatorOutputs(t.history().table()), dir.resolve("d_outputs.png"));
        }
    }

    /** The sample grid of the trainer's game as it is now (for a GAN: G on the fixed noise). */
    public static BufferedImage sampleGrid(GanTrainer<?> t) {
        try (NDManager scope = t.manager().newSubManager()) {
            NDArray samples = t.game().samples(scope);
            int columns = t.game().sampleColumns((int) samples.getShape().get(0));
            return ImageGrid.of(samples, columns, scaleOf(samples));
        }
    }

    /** Pixels per image pixel in a grid: images of 32 pixels or fewer are doubled to be seen. */
    private static int scaleOf(NDArray images) {
        return images.getShape().get(2) <= 32 ? 2 : 1;
    }

    private void writeSamples(GanTrainer<?> t, Path file) {
        Images.writePng(sampleGrid(t), file);
    }

    private void writeEndPictures(GanTrainer<?> t) {
        try (NDManager scope = t.manager().newSubManager()) {
            for (Map.Entry<String, Game.Grid> p : t.game().endPictures(scope).entrySet()) {
                NDArray images = p.getValue().images();
                Images.writePng(
                        ImageGrid.of(images, p.getValue().columns(), scaleOf(images)),
                        dir.resolve(p.getKey() + ".png"));
            }
        }
    }

    private void writeAnimation() {
        Path samples = dir.resolve("samples");
        if (!Files.isDirectory(samples)) {
            return;
        }
        try (Stream<Path> s = Files.list(samples)) {
            List<Path> epochs = s.filter(
                            p -> p.getFileName().toString().matches("epoch-\\d+\\.png"))
                    .sorted()
                    .toList();
            List<BufferedImage> frames = new ArrayList<>();
            for (Path p : epochs) {
                frames.add(ImageIO.read(p.toFile()));
            }
            if (!frames.isEmpty()) {
                Images.writeGif(frames, 600, dir.resolve("samples.gif"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSummary(GanTrainer<?> t, TrainListener.Outcome outcome) {
        History h = t.history();
        int n = Math.min(100, h.size());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("outcome", outcome.name().toLowerCase());
        summary.put("steps", t.stepsDone());
        summary.put("epochs", (double) t.stepsDone() / t.stepsPerEpoch());
        summary.put("seconds", Math.round(t.seconds() * 10) / 10.0);
        summary.put(
                "steps_per_second",
                t.seconds() > 0 ? Math.round(t.stepsDone() / t.seconds() * 10) / 10.0 : 0);
        summary.put("images", t.data().size());
        summary.put("mean_of_last_steps", n);
        for (String measure : h.measures()) {
            summary.put(measure, h.meanOfLast(measure, n));
        }
        AtomicFiles.writeString(dir.resolve("summary.json"), GSON.toJson(summary));
    }

    @Override
    public void close() {
        trainer.close();
    }
}
