package io.gankit.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;
import io.gankit.data.ImageSet;
import io.gankit.metrics.DomainClassifier;
import io.gankit.metrics.Quantization;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stacked MNIST (Metz et al. 2017; VEEGAN; PacGAN): three MNIST digits drawn independently become
 * the three channels of one 3x28x28 image, so the data has 10^3 = 1,000 modes, one per digit triple,
 * labelled {@code 100 d0 + 10 d1 + d2}. PacGAN's code trains on 128,000 such images
 * ({@code num_training_sample}) and scores 26,000 generated ones ({@code num_test_sample};
 * github.com/fjxmlzn/PacGAN, {@code stacked_MNIST_experiments/VEEGAN_experiment/config.py}).
 */
public final class StackedMnist {
    /** Modes of stacked MNIST. */
    public static final int MODES = 1000;
    /** Training images in the papers' setting. */
    public static final int PAPER_TRAINING_IMAGES = 128_000;
    /** Generated images the papers score. */
    public static final int PAPER_SCORING_SAMPLES = 26_000;

    private StackedMnist() {}

    /**
     * {@code count} stacked images from {@code mnist} (1x28x28), the digits of each chosen
     * uniformly at random with {@code seed}.
     */
    public static ImageSet create(ImageSet mnist, int count, long seed) {
        if (mnist.channels() != 1 || mnist.classNames().size() != 10) {
            throw new BadInputException(mnist.name() + ": " + mnist.channels() + " channels and "
                    + mnist.classNames().size()
                    + " classes; stacked MNIST needs grayscale digits (1 channel, 10 classes)");
        }
        if (count <= 0) {
            throw new BadInputException(
                    "stacked MNIST of " + count + " images; expected a positive count");
        }
        int plane = mnist.height() * mnist.width();
        byte[] pixels = new byte[count * 3 * plane];
        int[] labels = new int[count];
        byte[] one = new byte[plane];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int label = 0;
            for (int c = 0; c < 3; c++) {
                int src = random.nextInt(mnist.size());
                label = label * 10 + mnist.label(src);
                copyPlane(mnist, src, one);
                System.arraycopy(one, 0, pixels, (i * 3 + c) * plane, plane);
            }
            labels[i] = label;
        }
        List<String> names = new ArrayList<>(MODES);
        for (int k = 0; k < MODES; k++) {
            names.add(String.format("%03d", k));
        }
        return ImageSet.create(
                "stacked-" + mnist.name(), pixels, labels, 3, mnist.height(), mnist.width(), names);
    }

    private static void copyPlane(ImageSet mnist, int index, byte[] into) {
        int w = mnist.width();
        for (int r = 0; r < mnist.height(); r++) {
            for (int col = 0; col < w; col++) {
                into[r * w + col] = (byte) mnist.pixel(index, 0, r, col);
            }
        }
    }

    /**
     * The modes of generated stacked images {@code (N, 3, 28, 28)} in [-1, 1]: each channel,
     * quantized to 0..255 as a saved image would be ({@link Quantization#fromSigned}), is classified
     * as a digit by {@code classifier} (the MNIST {@link DomainClassifier}); the triple is the mode.
     * Every sample counts for some mode (there is no high-quality threshold here, as in the papers),
     * so the score's high-quality share is 1 and its reverse KL is {@code KL(p_gen || uniform over 1,000)}.
     */
    public static ModeScore score(NDArray images, DomainClassifier classifier) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new BadInputException(
                    "stacked MNIST samples of shape " + s + "; expected (N, 3, 28, 28)");
        }
        if (classifier.classes() != 10) {
            throw new BadInputException(classifier.name() + " has " + classifier.classes()
                    + " classes; stacked MNIST is judged by a 10-digit MNIST classifier");
        }
        int n = Math.toIntExact(s.get(0));
        int[][] digits = new int[3][];
        try (NDManager scope = images.getManager().newSubManager()) {
            for (int c = 0; c < 3; c++) {
                NDArray channel = images.get(":, " + c + ":" + (c + 1) + ", :, :");
                channel.attach(scope);
                digits[c] = classifier.predict(Quantization.fromSigned(channel));
            }
        }
        int[] counts = new int[MODES];
        for (int i = 0; i < n; i++) {
            counts[digits[0][i] * 100 + digits[1][i] * 10 + digits[2][i]]++;
        }
        return new ModeScore(counts, n);
    }
}
