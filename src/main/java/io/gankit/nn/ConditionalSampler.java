package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.gankit.BadInputException;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Asks a conditional GAN for images of chosen classes: {@code generate(label, n)} gives n images
 * of one class, {@link #everyClass} a grid with one class per row. Generation runs the generator
 * in inference mode (BatchNorm uses its running statistics, dropout is off).
 */
public final class ConditionalSampler {
    private final Gan gan;

    /** A sampler for {@code gan}, which must be conditional ({@code classes > 0} in its spec). */
    public ConditionalSampler(Gan gan) {
        if (!gan.spec().conditional()) {
            throw new BadInputException(gan.spec().architecture() + " model is unconditional; "
                    + "a ConditionalSampler needs a spec with classes > 0 (e.g. conditional-mlp)");
        }
        this.gan = gan;
    }

    /** {@code n} images {@code (n, C, H, W)} of class {@code label}, latent drawn from {@code random}. */
    public NDArray generate(NDManager into, int label, int n, SplittableRandom random) {
        int[] labels = new int[n];
        Arrays.fill(labels, checkLabel(label));
        return generate(into, labels, random);
    }

    /** One image per entry of {@code labels}, in that order. */
    public NDArray generate(NDManager into, int[] labels, SplittableRandom random) {
        if (labels.length == 0) {
            throw new BadInputException("no labels given; expected at least one image to generate");
        }
        for (int label : labels) {
            checkLabel(label);
        }
        try (NDManager scope = into.newSubManager()) {
            NDArray z = gan.latent(scope, labels.length, random);
            NDArray images = gan.generate(z, scope.create(labels), false);
            images.attach(into);
            return images;
        }
    }

    /**
     * {@code perClass} images of every class, class 0 first: {@code (classes * perClass, C, H, W)},
     * so a grid {@code perClass} wide shows one class per row.
     */
    public NDArray everyClass(NDManager into, int perClass, SplittableRandom random) {
        int classes = gan.spec().classes();
        int[] labels = new int[classes * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / perClass;
        }
        return generate(into, labels, random);
    }

    private int checkLabel(int label) {
        if (label < 0 || label >= gan.spec().classes()) {
            throw new BadInputException("label " + label + " is out of range; expected 0.."
                    + (gan.spec().classes() - 1));
        }
        return label;
    }
}
