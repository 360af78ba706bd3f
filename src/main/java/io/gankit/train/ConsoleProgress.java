package io.gankit.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a progress line while a run trains: a bar, steps per second, time left and the latest
 * measures of the game. On a terminal the line rewrites itself; in a log it prints every {@code intervalMillis}.
 */
public final class ConsoleProgress implements TrainListener {
    private final PrintStream out;
    private final long intervalMillis;
    private final boolean terminal;
    private long lastPrint;
    private long startStep;
    private double startSeconds;

    public ConsoleProgress(PrintStream out, long intervalMillis) {
        this.out = out;
        this.intervalMillis = intervalMillis;
        this.terminal = System.console() != null;
    }

    @Override
    public void onStart(GanTrainer<?> t) {
        startStep = t.stepsDone();
        startSeconds = t.seconds();
        out.printf(
                Locale.ROOT,
                "training %s on %s (%d samples): %d steps of batch %d, %d per epoch%s%n",
                t.game().signature(),
                t.data().name(),
                t.data().size(),
                t.totalSteps(),
                t.config().batchSize(),
                t.stepsPerEpoch(),
                startStep > 0 ? ", resuming at step " + startStep : "");
    }

    @Override
    public void onStep(GanTrainer<?> t, StepRecord r) {
        long now = System.currentTimeMillis();
        if (now - lastPrint >= intervalMillis || t.finished()) {
            lastPrint = now;
            out.print(line(t, r) + (terminal ? "\r" : "\n"));
            out.flush();
        }
    }

    @Override
    public void onEnd(GanTrainer<?> t, Outcome outcome) {
        if (terminal) {
            out.println();
        }
        out.printf(
                Locale.ROOT,
                "%s after %d steps, %.1f s of training%n",
                outcome.name().toLowerCase(Locale.ROOT),
                t.stepsDone(),
                t.seconds());
    }

    /** One progress line. */
    static String line(GanTrainer<?> t, StepRecord r) {
        long total = t.totalSteps();
        double fraction = total == 0 ? 1 : (double) r.step() / total;
        int width = 24;
        int filled = (int) Math.round(fraction * width);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        double rate = r.step() / Math.max(1e-9, r.seconds());
        long eta = Math.round((total - r.step()) / Math.max(rate, 1e-9));
        return String.format(
                Locale.ROOT,
                "epoch %d/%d [%s] %3.0f%% step %d/%d %.1f steps/s eta %d:%02d  %s",
                r.epoch(),
                t.config().epochs(),
                bar,
                fraction * 100,
                r.step(),
                total,
                rate,
                eta / 60,
                eta % 60,
                r.measuresText());
    }
}
