package io.gankit.train;

/** Something that watches a training run of any game: progress, samples, checkpoints, live plots. */
public interface TrainListener {
    /** Before the first step of this session (a resumed run calls it again). */
    default void onStart(GanTrainer<?> trainer) {}

    /** After every step, with its measurements. */
    default void onStep(GanTrainer<?> trainer, StepRecord record) {}

    /** After the last step of epoch {@code epoch} (from 1). */
    default void onEpochEnd(GanTrainer<?> trainer, int epoch) {}

    /** When the run ends, however it ends; {@code outcome} says how. */
    default void onEnd(GanTrainer<?> trainer, Outcome outcome) {}

    /** How a run ended. */
    enum Outcome {
        /** All epochs (or the step limit) done. */
        FINISHED,
        /** Stopped on request (Ctrl-C, a notebook interrupt, {@link GanTrainer#requestStop()}). */
        STOPPED,
        /** A loss or parameter became NaN or infinite; the last good checkpoint is kept. */
        DIVERGED
    }
}
