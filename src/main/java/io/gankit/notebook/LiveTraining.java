package io.gankit.notebook;

import io.gankit.BadInputException;
import io.gankit.plot.Charts;
import io.gankit.plot.Images;
import io.gankit.train.GanTrainer;
import io.gankit.train.Run;
import io.gankit.train.StepRecord;
import io.gankit.train.TrainListener;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches a training run from a notebook cell: a progress bar with the latest losses, loss curves
 * and (for games that measure them) mean D(x), D(G(z)) redrawn in place every few steps, and the fixed-noise sample grid redrawn
 * after every epoch. The grids are kept (the untrained one first) for {@link #animation}.
 * <pre>{@code
 * LiveTraining live = LiveTraining.every(50);
 * trainer.addListener(live).fit();
 * Show.image(live.animation(600), "image/gif");
 * }</pre>
 */
public final class LiveTraining implements TrainListener {
    private static final int CAPTION_HEIGHT = 18;

    private final int chartEvery;
    private final List<BufferedImage> frames = new ArrayList<>();
    private Progress progress;
    private String lossId;
    private String outputsId;
    private String samplesId;

    private LiveTraining(int chartEvery) {
        this.chartEvery = chartEvery;
    }

    /** Redraws the charts every {@code steps} steps (the progress bar follows every step). */
    public static LiveTraining every(int steps) {
        if (steps < 1) {
            throw new BadInputException("chart interval " + steps + " steps; expected at least 1");
        }
        return new LiveTraining(steps);
    }

    @Override
    public void onStart(GanTrainer<?> trainer) {
        progress = Progress.start("training", Math.max(1, trainer.totalSteps()));
        progress.set(trainer.stepsDone(), "");
        lossId = Show.display(Charts.lossCurves(trainer.history().table()));
        outputsId = Charts.hasDiscriminatorOutputs(trainer.history().table())
                ? Show.display(Charts.discriminatorOutputs(trainer.history().table()))
                : null;
        BufferedImage grid = caption(Run.sampleGrid(trainer), "step " + trainer.stepsDone());
        if (frames.isEmpty()) {
            frames.add(grid);
        }
        samplesId = Show.display(grid);
    }

    @Override
    public void onStep(GanTrainer<?> trainer, StepRecord r) {
        progress.set(r.step(), "epoch " + r.epoch() + "  " + r.measuresText());
        if (r.step() % chartEvery == 0) {
            redrawCharts(trainer);
        }
    }

    @Override
    public void onEpochEnd(GanTrainer<?> trainer, int epoch) {
        BufferedImage grid = caption(Run.sampleGrid(trainer), "epoch " + epoch);
        frames.add(grid);
        Show.update(samplesId, grid);
    }

    @Override
    public void onEnd(GanTrainer<?> trainer, Outcome outcome) {
        redrawCharts(trainer);
        if (outcome == Outcome.FINISHED) {
            progress.finish();
        }
    }

    /** The sample grids so far: before training, then after each epoch. */
    public List<BufferedImage> frames() {
        return List.copyOf(frames);
    }

    /** The sample grids as a looping GIF, {@code delayMs} per frame. */
    public byte[] animation(int delayMs) {
        if (frames.isEmpty()) {
            throw new IllegalStateException(
                    "no sample grids yet: add this listener to a trainer and train first");
        }
        return Images.gif(frames, delayMs);
    }

    private void redrawCharts(GanTrainer<?> trainer) {
        Show.update(lossId, Charts.lossCurves(trainer.history().table()));
        if (outputsId != null) {
            Show.update(outputsId, Charts.discriminatorOutputs(trainer.history().table()));
        }
    }

    /** The image with a white band above it carrying {@code text}, e.g. when a sample grid was drawn. */
    public static BufferedImage caption(BufferedImage grid, String text) {
        BufferedImage out = new BufferedImage(
                grid.getWidth(), grid.getHeight() + CAPTION_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), CAPTION_HEIGHT);
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(text, 4, CAPTION_HEIGHT - 5);
            g.drawImage(grid, 0, CAPTION_HEIGHT, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
