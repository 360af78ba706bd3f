package io.gankit.experiment;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.gankit.AtomicFiles;
import io.gankit.train.GanTrainer;
import io.gankit.train.StepRecord;
import io.gankit.train.TrainListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How far a whole sweep has got, in one line, whichever process trains its runs: each run writes
 * its step and total to {@code RUN/progress.json} every {@value #INTERVAL_MILLIS} ms (a tiny
 * atomic file, so worker processes need no channel to the parent), and {@link #line} reads every
 * run's status and progress file.
 */
public final class SweepProgress {
    /** How often a run rewrites its progress file. */
    public static final long INTERVAL_MILLIS = 2_000;
    /** A run's progress file. */
    public static final String FILE = "progress.json";

    private SweepProgress() {}

    /** The listener a sweep's run carries: it keeps {@code RUN/progress.json} current. */
    public static TrainListener writer(Path runDir) {
        return new TrainListener() {
            private long last;

            @Override
            public void onStep(GanTrainer<?> t, StepRecord r) {
                long now = System.currentTimeMillis();
                if (now - last >= INTERVAL_MILLIS) {
                    last = now;
                    write(t);
                }
            }

            @Override
            public void onEnd(GanTrainer<?> t, Outcome outcome) {
                write(t);
            }

            private void write(GanTrainer<?> t) {
                JsonObject o = new JsonObject();
                o.addProperty("step", t.stepsDone());
                o.addProperty("total", t.totalSteps());
                o.addProperty("seconds", t.seconds());
                AtomicFiles.writeString(runDir.resolve(FILE), o.toString());
            }
        };
    }

    /** Where the sweep stands: runs by status, and the share of all steps done. */
    public record Snapshot(int runs, int finished, int diverged, int running, double fraction) {}

    /**
     * The sweep's state read from its folders: finished and diverged runs count whole, a started run
     * by its share of steps done, a new one as nothing.
     */
    public static Snapshot snapshot(Sweep sweep) {
        List<Experiment.RunKey> keys = sweep.experiment().runs();
        int finished = 0;
        int diverged = 0;
        int running = 0;
        double done = 0;
        for (Experiment.RunKey key : keys) {
            switch (sweep.status(key)) {
                case FINISHED -> {
                    finished++;
                    done += 1;
                }
                case DIVERGED -> {
                    diverged++;
                    done += 1;
                }
                case INTERRUPTED -> {
                    double f = fraction(key.folder(sweep.dir()).resolve(FILE));
                    running += f > 0 ? 1 : 0;
                    done += f;
                }
                case NEW -> {}
            }
        }
        return new Snapshot(
                keys.size(), finished, diverged, running, keys.isEmpty() ? 1 : done / keys.size());
    }

    private static double fraction(Path file) {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            long total = o.get("total").getAsLong();
            return total <= 0 ? 0 : Math.min(1, (double) o.get("step").getAsLong() / total);
        } catch (IOException | RuntimeException e) {
            return 0; // not written yet
        }
    }

    /**
     * One progress line: a bar, the share done, runs by status, time so far and left. The time left
     * is extrapolated from the work done since {@code startFraction} (where a resumed sweep began),
     * not from work an earlier session did.
     */
    public static String line(Sweep sweep, double elapsedSeconds, double startFraction) {
        Snapshot s = snapshot(sweep);
        int width = 24;
        int filled = (int) Math.round(s.fraction() * width);
        double doneHere = s.fraction() - startFraction;
        long eta = doneHere > 0 ? Math.round(elapsedSeconds * (1 - s.fraction()) / doneHere) : -1;
        return String.format(
                Locale.ROOT,
                "sweep %s [%s] %3.0f%%  %d/%d runs done%s, %d running  %s elapsed, %s left",
                sweep.experiment().name(),
                "#".repeat(filled) + ".".repeat(width - filled),
                100 * s.fraction(),
                s.finished() + s.diverged(),
                s.runs(),
                s.diverged() > 0 ? " (" + s.diverged() + " diverged)" : "",
                s.running(),
                clock(Math.round(elapsedSeconds)),
                eta < 0 ? "?" : clock(eta));
    }

    private static String clock(long seconds) {
        return String.format(
                Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
