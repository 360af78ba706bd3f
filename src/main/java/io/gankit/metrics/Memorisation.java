package io.gankit.metrics;

import io.gankit.BadInputException;

import java.util.Arrays;

/**
 * How much closer generated samples lie to the images their GAN trained on than to images it never
 * saw: the kit's memorisation score, after the idea of Meehan, Chaudhuri and Dasgupta (2020), "A
 * non-parametric test to detect data-copying in generative models" (a model that copies sits
 * closer to its training set than fresh data from the same distribution would).
 *
 * <p>For each generated sample, {@code d_train} is its distance to the nearest image of the
 * training set T and {@code d_held} its distance to the nearest image of a held-out set H <b>of
 * the same size</b> (a nearest-neighbour distance shrinks as a set grows, so sets of different
 * sizes would favour the larger one whatever the model does). Two numbers summarise them:
 * <ul>
 *   <li>{@link #ratio}: the median over samples of {@code d_train / d_held}. About 1 when the
 *       samples are no nearer the training images than the held-out ones; well below 1 when they
 *       copy (an exact copy has ratio 0).
 *   <li>{@link #closer}: the share of samples nearer a training image than any held-out image
 *       ({@code d_train < d_held}; a tie counts half). About 1/2 without a preference; towards 1
 *       when the model copies.
 * </ul>
 * The distances come from {@link NearestNeighbours} in any space (pixels, a detector's features).
 * A held-out set from another source than T (MNIST's test images come from other writers) moves
 * the "no preference" values away from 1 and 1/2 even for a model that copies nothing; the same
 * score of real images that are not in T gives that baseline.
 *
 * @param ratio median of {@code d_train / d_held} (a sample with {@code d_held = 0} counts as
 *     infinite, or 1 when {@code d_train} is 0 too)
 * @param closer share of samples with {@code d_train < d_held}, ties counting half
 * @param medianTrain median {@code d_train}
 * @param medianHeld median {@code d_held}
 * @param n samples scored
 */
public record Memorisation(
        double ratio, double closer, double medianTrain, double medianHeld, int n) {

    /** The score of samples with distances {@code dTrain[i]} and {@code dHeld[i]}, one pair each. */
    public static Memorisation of(double[] dTrain, double[] dHeld) {
        if (dTrain.length != dHeld.length || dTrain.length == 0) {
            throw new BadInputException(dTrain.length + " training and " + dHeld.length
                    + " held-out distances; expected one of each per sample, at least one sample");
        }
        int n = dTrain.length;
        double[] ratios = new double[n];
        double closer = 0;
        for (int i = 0; i < n; i++) {
            if (!(dTrain[i] >= 0) || !(dHeld[i] >= 0)) {
                throw new BadInputException("distances " + dTrain[i] + " and " + dHeld[i]
                        + " of sample " + i + "; expected numbers of at least 0");
            }
            ratios[i] = dHeld[i] > 0
                    ? dTrain[i] / dHeld[i]
                    : dTrain[i] > 0 ? Double.POSITIVE_INFINITY : 1;
            closer += dTrain[i] < dHeld[i] ? 1 : dTrain[i] == dHeld[i] ? 0.5 : 0;
        }
        return new Memorisation(median(ratios), closer / n, median(dTrain), median(dHeld), n);
    }

    /** The median (the mean of the two middle values for an even count). */
    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : s[h - 1] / 2 + s[h] / 2;
    }
}
