package io.gankit.nn;

import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;

/**
 * What a pair of networks is built from: the architecture's name, the latent size and the shape
 * of the images, and the number of classes for conditional models (0 for unconditional ones).
 * Small and serialisable, so a run folder's {@code config.json} can rebuild the models.
 */
public record ModelSpec(
        String architecture, int latent, int channels, int height, int width, int classes) {
    public ModelSpec {
        if (architecture == null || architecture.isBlank()) {
            throw new BadInputException(
                    "model architecture is empty; expected one of " + Architectures.NAMES);
        }
        if (latent <= 0) {
            throw new BadInputException("latent size " + latent + "; expected a positive number");
        }
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new BadInputException("image shape " + channels + "x" + height + "x" + width
                    + "; expected positive channels, height and width");
        }
        if (classes < 0) {
            throw new BadInputException(
                    "class count " + classes + "; expected 0 (unconditional) or more");
        }
    }

    /** The seed's MNIST GAN: MLP, latent 100, 1x28x28. */
    public static ModelSpec seedMnist() {
        return new ModelSpec("mlp", 100, 1, 28, 28, 0);
    }

    public Shape imageShape() {
        return new Shape(channels, height, width);
    }

    public int imageSize() {
        return channels * height * width;
    }

    public boolean conditional() {
        return classes > 0;
    }

    /** The same spec with another architecture. */
    public ModelSpec withArchitecture(String name) {
        return new ModelSpec(name, latent, channels, height, width, classes);
    }
}
