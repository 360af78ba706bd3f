package io.gankit.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;

import io.gankit.BadInputException;

/**
 * The minimax game of Goodfellow et al. worked out on densities given on a grid, for teaching
 * and for checking the kit's losses: the optimal discriminator D* = p_data / (p_data + p_g), the
 * value function V(D, G) = E_data[log D] + E_g[log(1 - D)], its value -log 4 + 2 JSD(p_data, p_g)
 * at D*, and the gradient each generator loss sends back through the discriminator's logit.
 */
public final class MinimaxTheory {
    private MinimaxTheory() {}

    /** The normal density with mean {@code mu} and standard deviation {@code sigma} at each x. */
    public static double[] normalDensity(double[] xs, double mu, double sigma) {
        if (!(sigma > 0)) {
            throw new BadInputException(
                    "standard deviation " + sigma + "; expected a positive value");
        }
        double[] p = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double u = (xs[i] - mu) / sigma;
            p[i] = Math.exp(-0.5 * u * u) / (sigma * Math.sqrt(2 * Math.PI));
        }
        return p;
    }

    /** {@code n} evenly spaced points from {@code from} to {@code to}, both included. */
    public static double[] grid(double from, double to, int n) {
        if (n < 2 || !(to > from)) {
            throw new BadInputException("grid " + from + ".." + to + " with " + n
                    + " points; expected from < to and n >= 2");
        }
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = from + (to - from) * i / (n - 1);
        }
        return xs;
    }

    /**
     * D*(x) = p_data(x) / (p_data(x) + p_g(x)), the best discriminator against a fixed generator;
     * 1/2 where both densities vanish (no sample there to tell apart).
     */
    public static double[] optimalDiscriminator(double[] pData, double[] pG) {
        requireSameLength(pData, pG);
        double[] d = new double[pData.length];
        for (int i = 0; i < d.length; i++) {
            double sum = pData[i] + pG[i];
            d[i] = sum > 0 ? pData[i] / sum : 0.5;
        }
        return d;
    }

    /**
     * V(D, G) = integral of p_data log D + p_g log(1 - D), by the trapezoid rule on a grid of spacing
     * {@code dx}; points where a density is 0 contribute nothing whatever D is there. A probability
     * of exactly 0 is taken as the smallest normal double, so that D* rounded to 1 far in a tail,
     * where p_g is tiny but not 0, does not make V infinite.
     */
    public static double value(double[] pData, double[] pG, double[] d, double dx) {
        requireSameLength(pData, pG);
        requireSameLength(pData, d);
        double[] f = new double[pData.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = term(pData[i], d[i]) + term(pG[i], 1 - d[i]);
        }
        return trapezoid(f, dx);
    }

    /** The Jensen-Shannon divergence (natural log) of two densities on a grid of spacing {@code dx}. */
    public static double jensenShannon(double[] p, double[] q, double dx) {
        requireSameLength(p, q);
        double[] f = new double[p.length];
        for (int i = 0; i < f.length; i++) {
            double m = 0.5 * (p[i] + q[i]);
            f[i] = 0.5 * (p[i] > 0 ? p[i] * Math.log(p[i] / m) : 0)
                    + 0.5 * (q[i] > 0 ? q[i] * Math.log(q[i] / m) : 0);
        }
        return trapezoid(f, dx);
    }

    /**
     * How strongly the generator loss pushes each generated sample: d(loss)/d(logit) for every fake
     * logit, taken by automatic differentiation through {@link GanLoss#generatorLoss} and scaled by
     * the batch size (the loss is a mean). For the minimax loss this is -D(G(z)), which vanishes as
     * the discriminator grows sure a sample is fake; for the non-saturating loss it is -(1 - D(G(z))).
     */
    public static double[] generatorGradient(GanLoss loss, double[] fakeLogits, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = scope.create(fakeLogits)
                    .toType(DataType.FLOAT32, false)
                    .reshape(fakeLogits.length, 1);
            logits.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(loss.generatorLoss(logits));
            }
            float[] grad = logits.getGradient().toFloatArray();
            double[] out = new double[grad.length];
            for (int i = 0; i < grad.length; i++) {
                out[i] = (double) grad[i] * fakeLogits.length;
            }
            return out;
        }
    }

    /** The logit whose sigmoid is {@code p}, log(p / (1 - p)). */
    public static double logit(double p) {
        if (!(p > 0 && p < 1)) {
            throw new BadInputException(
                    "probability " + p + "; expected a value strictly between 0 and 1");
        }
        return Math.log(p / (1 - p));
    }

    private static double term(double density, double probability) {
        return density > 0 ? density * Math.log(Math.max(probability, Double.MIN_NORMAL)) : 0;
    }

    private static double trapezoid(double[] f, double dx) {
        double sum = 0;
        for (int i = 0; i < f.length; i++) {
            sum += (i == 0 || i == f.length - 1 ? 0.5 : 1) * f[i];
        }
        return sum * dx;
    }

    private static void requireSameLength(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new BadInputException("arrays of " + a.length + " and " + b.length
                    + " values; expected the same grid");
        }
    }
}
