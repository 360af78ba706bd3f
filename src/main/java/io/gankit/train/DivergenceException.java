package io.gankit.train;

import io.gankit.GankitException;

/** Training met a NaN or infinite loss or parameter and stopped before applying it. */
public class DivergenceException extends GankitException {
    private final long step;

    public DivergenceException(long step, String what) {
        super("training diverged at step " + step + ": " + what
                + "; the parameters were not updated with it and the last good checkpoint is kept");
        this.step = step;
    }

    /** Throws a divergence at {@code step} when {@code value} (named {@code what}) is NaN or infinite. */
    static void requireFinite(long step, String what, double value) {
        if (!Double.isFinite(value)) {
            throw new DivergenceException(step, what + " is " + value);
        }
    }

    /** The step at which the non-finite value appeared. */
    public long step() {
        return step;
    }
}
