package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import io.gankit.BadInputException;

import java.util.Iterator;

/**
 * An exponential moving average of a network's weights (Karras et al. 2018; Yazici et al. 2019):
 * a second copy of the network that follows the trained one, {@code avg = decay avg + (1 - decay)
 * current}, after every step. It smooths out the last steps' oscillation of a GAN's generator and
 * usually samples better than the network it averages. Both networks must have the same
 * architecture (parameters in the same order and shapes).
 */
public final class WeightAverage {
    private WeightAverage() {}

    /**
     * The decay of the {@code t}-th update of an average (from 1): {@code decay}, but no more than
     * {@code (1 + t) / (10 + t)}, so that the average leaves the initial weights behind within its
     * first steps instead of carrying them for thousands (TensorFlow's ExponentialMovingAverage
     * ramp). At 0.999 the ramp ends near update 9,000.
     */
    public static double rampedDecay(double decay, long t) {
        return Math.min(decay, (1.0 + t) / (10.0 + t));
    }

    /** Sets every parameter of {@code to} to {@code from}'s (batch-norm statistics too). */
    public static void copy(Block from, Block to) {
        Iterator<Pair<String, Parameter>> source = from.getParameters().iterator();
        for (Pair<String, Parameter> p : to.getParameters()) {
            NDArray current = next(source, p).getValue().getArray();
            p.getValue().getArray().set(current.toFloatArray());
        }
    }

    /**
     * One step of the average, in place: {@code avg = decay * avg + (1 - decay) * current} for
     * every parameter of {@code average} and its match in {@code current}.
     */
    public static void update(Block average, Block current, float decay) {
        if (!(decay >= 0 && decay <= 1)) {
            throw new BadInputException(
                    "weight average decay " + decay + "; expected a number in [0, 1]");
        }
        Iterator<Pair<String, Parameter>> source = current.getParameters().iterator();
        for (Pair<String, Parameter> p : average.getParameters()) {
            NDArray now = next(source, p).getValue().getArray();
            NDArray avg = p.getValue().getArray();
            avg.muli(decay);
            try (NDArray part = now.mul(1f - decay)) {
                avg.addi(part);
            }
        }
    }

    private static Pair<String, Parameter> next(
            Iterator<Pair<String, Parameter>> source, Pair<String, Parameter> target) {
        if (!source.hasNext()) {
            throw new BadInputException("weight average: the source network has fewer parameters"
                    + " than the average (at " + target.getKey()
                    + "); expected the same architecture");
        }
        Pair<String, Parameter> s = source.next();
        if (!s.getValue()
                .getArray()
                .getShape()
                .equals(target.getValue().getArray().getShape())) {
            throw new BadInputException("weight average: parameter " + s.getKey() + " of shape "
                    + s.getValue().getArray().getShape() + " against " + target.getKey() + " of "
                    + target.getValue().getArray().getShape() + "; expected the same architecture");
        }
        return s;
    }
}
