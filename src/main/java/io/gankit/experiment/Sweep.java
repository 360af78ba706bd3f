package io.gankit.experiment;

import ai.djl.ndarray.NDManager;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.TrainingData;
import io.gankit.train.DivergenceException;
import io.gankit.train.Run;
import io.gankit.train.TrainConfig;
import io.gankit.train.TrainListener;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs an {@link Experiment} into one folder: every cell and seed into its own run folder
 * {@code DIR/CELL/seed-N}, the experiment file copied beside them. A run that finished (or
 * diverged: an outcome, not a failure to retry) is skipped, a run that was interrupted resumes
 * from its newest checkpoint, and a new one starts; so a killed sweep, started again, loses at
 * most one checkpoint interval per run and redoes no finished run.
 */
public final class Sweep {
    /** The copy of the experiment file in the experiment's folder. */
    public static final String EXPERIMENT_FILE = "experiment.json";

    private final Experiment experiment;
    private final Path dir;
    private final DataFolder data;
    private final Map<String, TrainingData> loaded = new HashMap<>();

    private Sweep(Experiment experiment, Path dir, DataFolder data) {
        this.experiment = experiment;
        this.dir = dir;
        this.data = data;
    }

    /**
     * A sweep of {@code experiment} into {@code dir}, which is new or holds the same experiment;
     * its data sets come from {@code data}.
     */
    public static Sweep of(Experiment experiment, Path dir, DataFolder data) {
        Path copy = dir.resolve(EXPERIMENT_FILE);
        try {
            String text = Files.readString(experiment.file());
            if (Files.exists(copy)) {
                if (!JsonParser.parseString(stripComments(Files.readString(copy)))
                        .equals(JsonParser.parseString(stripComments(text)))) {
                    throw BadInputException.of(
                            copy,
                            "another experiment than " + experiment.file(),
                            "the same experiment (or give another output folder)");
                }
            } else {
                AtomicFiles.writeString(copy, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Sweep(experiment, dir, data);
    }

    private static String stripComments(String json) {
        com.google.gson.stream.JsonReader reader =
                new com.google.gson.stream.JsonReader(new StringReader(json));
        reader.setStrictness(com.google.gson.Strictness.LENIENT);
        return JsonParser.parseReader(reader).toString();
    }

    /** Where a run stands. */
    public enum Status {
        /** Nothing written yet. */
        NEW,
        /** Started and not ended: it resumes from its newest checkpoint. */
        INTERRUPTED,
        /** Ended with all its steps. */
        FINISHED,
        /** Stopped by a NaN or infinite loss; kept as such, never retried. */
        DIVERGED
    }

    /** The status of run {@code key}, read from its folder. */
    public Status status(Experiment.RunKey key) {
        return status(key.folder(dir));
    }

    /**
     * The status of the run in folder {@code run}: finished or diverged as its summary says; a run
     * stopped, with an unreadable summary or with none resumes (interrupted) once it has a config.
     */
    static Status status(Path run) {
        return switch (outcome(run)) {
            case "finished" -> Status.FINISHED;
            case "diverged" -> Status.DIVERGED;
            default ->
                Files.isRegularFile(run.resolve("config.json")) ? Status.INTERRUPTED : Status.NEW;
        };
    }

    /**
     * What run folder {@code run} says of its run: the outcome in its summary ({@code finished},
     * {@code diverged} or {@code stopped}); {@code interrupted} when it has a config and no summary;
     * {@code not started} when it has neither; {@code unreadable summary} when that cannot be read.
     * The one place that reads a run folder's state ({@link #status}, {@link SweepResults}).
     */
    public static String outcome(Path run) {
        Path summary = run.resolve("summary.json");
        if (Files.isRegularFile(summary)) {
            try {
                JsonObject s = JsonParser.parseString(Files.readString(summary)).getAsJsonObject();
                return s.get("outcome").getAsString();
            } catch (IOException | RuntimeException e) {
                return "unreadable summary"; // a sweep resumes such a run and writes it again
            }
        }
        return Files.isRegularFile(run.resolve("config.json")) ? "interrupted" : "not started";
    }

    /**
     * Brings run {@code key} to its end: starts it, resumes it, or leaves it when it already ended.
     *
     * @param listeners what watches the run (progress), made for its key
     * @return how the run ended (FINISHED or DIVERGED for a run that had ended before; STOPPED when asked to stop)
     */
    public TrainListener.Outcome run(
            Experiment.RunKey key,
            Function<Experiment.RunKey, List<TrainListener>> listeners,
            NDManager parent) {
        Status before = status(key);
        if (before == Status.FINISHED) {
            return TrainListener.Outcome.FINISHED;
        }
        if (before == Status.DIVERGED) {
            return TrainListener.Outcome.DIVERGED;
        }
        Path folder = key.folder(dir);
        TrainConfig config = experiment.config(key.cell(), key.seed());
        try (NDManager m = parent.newSubManager();
                Run run = before == Status.NEW
                        ? Run.start(
                                folder,
                                config.fittedTo(data(config.dataset())),
                                data(config.dataset()),
                                m)
                        : Run.resume(folder, c -> data(c.dataset()), m)) {
            run.addListener(SweepProgress.writer(folder));
            listeners.apply(key).forEach(run::addListener);
            try {
                return run.train();
            } catch (DivergenceException e) {
                return TrainListener.Outcome.DIVERGED; // the run folder's summary says so
            }
        }
    }

    private TrainingData data(String name) {
        return loaded.computeIfAbsent(name, n -> Datasets.load(n, Datasets.Split.TRAIN, data));
    }

    public Experiment experiment() {
        return experiment;
    }

    /** The experiment's folder. */
    public Path dir() {
        return dir;
    }
}
