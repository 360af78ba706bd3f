package io.gankit.train;

import io.gankit.BadInputException;

import java.util.Locale;

/**
 * Stops a run once it has trained for a budget of seconds, to compare models at matched
 * wall-clock (issue 14: one hour each). The clock is the history's: the seconds of the steps
 * themselves, a resumed run's earlier sessions included, scores and checkpoints not, so that a
 * model is not charged for how often it is scored. The stop comes at a step's end, like Ctrl-C's:
 * the run writes its checkpoint, samples and weights, and can be resumed.
 */
public final class TimeBudget implements TrainListener {
    private final double seconds;
    private long reachedAt = -1;

    /** A budget of {@code seconds} of training (more than 0). */
    public TimeBudget(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new BadInputException(String.format(
                    Locale.ROOT,
                    "a time budget of %s s; expected a positive number of seconds",
                    seconds));
        }
        this.seconds = seconds;
    }

    @Override
    public void onStep(GanTrainer<?> trainer, StepRecord record) {
        if (reachedAt < 0 && record.seconds() >= seconds) {
            reachedAt = record.step();
            trainer.requestStop();
        }
    }

    /** The step at whose end the budget ran out, or -1 while it has not. */
    public long reachedAt() {
        return reachedAt;
    }
}
