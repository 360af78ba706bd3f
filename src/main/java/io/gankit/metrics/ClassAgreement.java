package io.gankit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.gankit.BadInputException;
import io.gankit.nn.ConditionalSampler;
import io.gankit.nn.Gan;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How often a classifier agrees with the class a conditional generator was asked for: the share of
 * generated images whose most probable class is the requested one, overall and per class.
 *
 * @param overall agreement over all samples, 0..1
 * @param perClass agreement for each requested class
 * @param samplesPerClass images generated per class
 */
public record ClassAgreement(double overall, double[] perClass, int samplesPerClass) {
    /** Agreement between {@code requested} labels and the arg-max of {@code probabilities} (one row each). */
    public static ClassAgreement of(int[] requested, Features probabilities) {
        if (requested.length != probabilities.n() || requested.length == 0) {
            throw new BadInputException(requested.length + " requested labels for "
                    + probabilities.n() + " probability rows; expected one label per row");
        }
        int classes = probabilities.dim();
        int[] hits = new int[classes];
        int[] counts = new int[classes];
        int total = 0;
        for (int i = 0; i < requested.length; i++) {
            int label = requested[i];
            if (label < 0 || label >= classes) {
                throw new BadInputException(
                        "requested label " + label + "; expected 0.." + (classes - 1));
            }
            float[] row = probabilities.row(i);
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (row[k] > row[best]) {
                    best = k;
                }
            }
            counts[label]++;
            if (best == label) {
                hits[label]++;
                total++;
            }
        }
        double[] perClass = new double[classes];
        int perClassMax = 0;
        for (int k = 0; k < classes; k++) {
            perClass[k] = counts[k] == 0 ? Double.NaN : (double) hits[k] / counts[k];
            perClassMax = Math.max(perClassMax, counts[k]);
        }
        return new ClassAgreement((double) total / requested.length, perClass, perClassMax);
    }

    /**
     * Generates {@code perClass} images of every class from {@code gan} (seeded) and measures the
     * agreement of {@code classifier}, a batch of one class at a time.
     */
    public static ClassAgreement measure(Gan gan, Detector classifier, int perClass, long seed) {
        ConditionalSampler sampler = new ConditionalSampler(gan);
        SplittableRandom random = new SplittableRandom(seed);
        int classes = gan.spec().classes();
        int[] requested = new int[classes * perClass];
        float[] probs = null;
        int dim = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int k = 0; k < classes; k++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray images = sampler.generate(scope, k, perClass, random);
                    Features p = classifier.probabilities(Quantization.fromSigned(images));
                    if (probs == null) {
                        dim = p.dim();
                        probs = new float[requested.length * dim];
                    }
                    System.arraycopy(p.values(), 0, probs, k * perClass * dim, perClass * dim);
                }
                Arrays.fill(requested, k * perClass, (k + 1) * perClass, k);
            }
        }
        return of(requested, new Features(probs, requested.length, dim));
    }

    /** A short table: overall, then one line per class. */
    public String toText(List<String> classNames) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "class agreement %.2f%% (%d images per class)%n",
                100 * overall,
                samplesPerClass));
        for (int k = 0; k < perClass.length; k++) {
            String name = k < classNames.size() ? classNames.get(k) : Integer.toString(k);
            sb.append(String.format(Locale.ROOT, "  %-12s %6.2f%%%n", name, 100 * perClass[k]));
        }
        return sb.toString();
    }
}
