package io.gankit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An in-memory image data set: {@code N} images of {@code C x H x W} unsigned bytes (0 = black),
 * stored plane by plane as the official MNIST and CIFAR-10 files are, with one label per image.
 *
 * <p>Pixels stay as bytes until a batch is asked for, so 60,000 MNIST images cost 47 MB, not 188.
 */
public final class ImageSet implements TrainingData {
    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;

    private ImageSet(
            String name,
            byte[] pixels,
            int[] labels,
            int channels,
            int height,
            int width,
            List<String> classNames) {
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Wraps pixels and labels (not copied).
     *
     * @param pixels {@code labels.length * channels * height * width} bytes, image after image,
     *     each image channel-major (all of channel 0, then channel 1, ...), rows top to bottom
     * @param labels one label per image, each in {@code [0, classNames.size())}
     */
    public static ImageSet create(
            String name,
            byte[] pixels,
            int[] labels,
            int channels,
            int height,
            int width,
            List<String> classNames) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new BadInputException(name + ": image shape " + channels + "x" + height + "x"
                    + width + "; expected positive channels, height and width");
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new BadInputException(name + ": " + pixels.length + " pixel bytes for "
                    + labels.length + " images of " + channels + "x" + height + "x" + width
                    + "; expected " + expected);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new BadInputException(name + ": label " + labels[i] + " of image " + i
                        + " is out of range; expected 0.." + (classNames.size() - 1));
            }
        }
        return new ImageSet(name, pixels, labels, channels, height, width, classNames);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Bytes per image: {@code channels * height * width}. */
    public int imageBytes() {
        return channels * height * width;
    }

    /** The shape of one image, {@code (C, H, W)}. */
    @Override
    public Shape sampleShape() {
        return new Shape(channels, height, width);
    }

    public int label(int index) {
        return labels[index];
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** How many images carry each label, indexed by label. */
    public int[] labelCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The pixel at ({@code channel}, {@code row}, {@code col}) of image {@code index}, 0..255. */
    public int pixel(int index, int channel, int row, int col) {
        return pixels[index * imageBytes() + (channel * height + row) * width + col] & 0xFF;
    }

    /** The first {@code n} images (all when {@code n} is at least the size); shares no state. */
    @Override
    public ImageSet limit(int n) {
        if (n >= size()) {
            return this;
        }
        if (n <= 0) {
            throw new BadInputException(
                    name + ": limit " + n + "; expected a positive number of images");
        }
        return new ImageSet(
                name,
                Arrays.copyOf(pixels, n * imageBytes()),
                Arrays.copyOf(labels, n),
                channels,
                height,
                width,
                classNames);
    }

    /** The images at {@code indices}, in that order (an index may repeat); shares no state. */
    public ImageSet select(int[] indices) {
        byte[] outPixels = new byte[indices.length * imageBytes()];
        int[] outLabels = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            if (i < 0 || i >= size()) {
                throw new BadInputException(name + ": image " + i + " of " + size()
                        + "; expected indices 0.." + (size() - 1));
            }
            System.arraycopy(pixels, i * imageBytes(), outPixels, j * imageBytes(), imageBytes());
            outLabels[j] = labels[i];
        }
        return new ImageSet(name, outPixels, outLabels, channels, height, width, classNames);
    }

    /** The images whose label is {@code label}, in their original order. */
    public ImageSet ofLabel(int label) {
        int count = labelCounts()[label];
        byte[] outPixels = new byte[count * imageBytes()];
        int[] outLabels = new int[count];
        int j = 0;
        for (int i = 0; i < size(); i++) {
            if (labels[i] == label) {
                System.arraycopy(
                        pixels, i * imageBytes(), outPixels, j * imageBytes(), imageBytes());
                outLabels[j++] = label;
            }
        }
        return new ImageSet(
                name + "[" + classNames.get(label) + "]",
                outPixels,
                outLabels,
                channels,
                height,
                width,
                classNames);
    }

    /**
     * A class-balanced sample of {@code n} images drawn with {@code seed}: {@code n / classes} of
     * every class, each class's images chosen uniformly without replacement, in their original
     * order. The same seed gives the same images; the labelled subset of a semi-supervised
     * experiment. Throws {@link BadInputException} naming {@code n} when it is not a positive
     * multiple of the class count, or asks a class for more images than it has.
     */
    public ImageSet balancedSample(int n, long seed) {
        int classes = classNames.size();
        if (n <= 0 || n % classes != 0) {
            throw new BadInputException(name + ": a balanced sample of " + n
                    + " images; expected a positive multiple of the " + classes + " classes"
                    + (n > 0 ? " (such as " + Math.max(classes, n / classes * classes) + ")" : ""));
        }
        int perClass = n / classes;
        int[] counts = labelCounts();
        for (int k = 0; k < classes; k++) {
            if (counts[k] < perClass) {
                throw new BadInputException(name + ": a balanced sample of " + n + " images takes "
                        + perClass + " of class '" + classNames.get(k) + "', which has "
                        + counts[k] + "; expected at most "
                        + classes * Arrays.stream(counts).min().orElse(0) + " images");
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] chosen = new boolean[size()];
        for (int k = 0; k < classes; k++) {
            int[] members = new int[counts[k]];
            int m = 0;
            for (int i = 0; i < size(); i++) {
                if (labels[i] == k) {
                    members[m++] = i;
                }
            }
            // a partial Fisher-Yates shuffle: its first perClass entries are a uniform choice
            for (int i = 0; i < perClass; i++) {
                int j = i + random.nextInt(members.length - i);
                int t = members[i];
                members[i] = members[j];
                members[j] = t;
                chosen[members[i]] = true;
            }
        }
        int[] picked = new int[n];
        int j = 0;
        for (int i = 0; i < size(); i++) {
            if (chosen[i]) {
                picked[j++] = i;
            }
        }
        return select(name + " (" + n + " balanced, seed " + seed + ")", picked);
    }

    /**
     * This set followed by {@code other}, labels kept: real images plus generated ones, for
     * example. Both must have the same image shape and class names.
     */
    public ImageSet concat(ImageSet other) {
        if (other.channels != channels || other.height != height || other.width != width) {
            throw new BadInputException(other.name + ": images of " + other.channels + "x"
                    + other.height + "x" + other.width + " to append to " + name + "; expected "
                    + channels + "x" + height + "x" + width);
        }
        if (!other.classNames.equals(classNames)) {
            throw new BadInputException(other.name + ": classes " + other.classNames
                    + " to append to " + name + "; expected the same classes, " + classNames);
        }
        byte[] outPixels = Arrays.copyOf(pixels, pixels.length + other.pixels.length);
        System.arraycopy(other.pixels, 0, outPixels, pixels.length, other.pixels.length);
        int[] outLabels = Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, outLabels, labels.length, other.labels.length);
        return new ImageSet(
                name + " + " + other.name,
                outPixels,
                outLabels,
                channels,
                height,
                width,
                classNames);
    }

    /**
     * Images held by the engine as uint8 {@code (n, C, H, W)}, values 0..255 (a generator's output
     * through {@code Quantization.fromSigned}), with a label each: generated images as a data set.
     */
    public static ImageSet fromUint8(
            String name, NDArray images, int[] labels, List<String> classNames) {
        Shape s = images.getShape();
        if (images.getDataType() != DataType.UINT8 || s.dimension() != 4) {
            throw new BadInputException(name + ": " + images.getDataType() + " images of shape " + s
                    + "; expected uint8 (n, C, H, W), values 0..255");
        }
        if (s.get(0) != labels.length) {
            throw new BadInputException(name + ": " + s.get(0) + " images and " + labels.length
                    + " labels; expected one label per image");
        }
        return create(
                name,
                images.toByteArray(),
                labels.clone(),
                (int) s.get(1),
                (int) s.get(2),
                (int) s.get(3),
                classNames);
    }

    /** The images at {@code indices}, in that order, as a new set called {@code newName}. */
    private ImageSet select(String newName, int[] indices) {
        int bytes = imageBytes();
        byte[] outPixels = new byte[indices.length * bytes];
        int[] outLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * bytes, outPixels, i * bytes, bytes);
            outLabels[i] = labels[indices[i]];
        }
        return new ImageSet(newName, outPixels, outLabels, channels, height, width, classNames);
    }

    /**
     * The images at {@code indices} as a float array of shape {@code (n, C, H, W)} in the manager,
     * scaled from 0..255 to [-1, 1] as {@code x / 127.5 - 1} (the range of a Tanh generator).
     */
    public NDArray batch(NDManager manager, int[] indices) {
        return batch(manager, indices, 0, indices.length);
    }

    /** As {@link #batch(NDManager, int[])} for {@code indices[from .. from+count)}. */
    @Override
    public NDArray batch(NDManager manager, int[] indices, int from, int count) {
        int bytes = imageBytes();
        float[] out = new float[count * bytes];
        for (int i = 0; i < count; i++) {
            int src = indices[from + i] * bytes;
            int dst = i * bytes;
            for (int k = 0; k < bytes; k++) {
                out[dst + k] = SCALE[pixels[src + k] & 0xFF];
            }
        }
        return manager.create(out, new Shape(count, channels, height, width));
    }

    /**
     * As {@link #batch(NDManager, int[], int, int)}, each image moved by a random offset of up to
     * {@code shift} pixels in each direction (the uncovered border black, -1: a random
     * {@code H x W} crop of the image padded by {@code shift}, as torchvision's {@code RandomCrop}
     * with padding) and, with {@code flip}, mirrored left-right with probability 1/2. The draws
     * come from {@code random}, three per image (row offset, column offset, flip), so a seeded
     * stream gives the same batch every time.
     */
    public NDArray augmentedBatch(
            NDManager manager,
            int[] indices,
            int from,
            int count,
            int shift,
            boolean flip,
            SplittableRandom random) {
        if (shift < 0 || 2 * shift >= Math.min(height, width)) {
            throw new BadInputException(name + ": a shift of " + shift + " pixels for "
                    + height + "x" + width + " images; expected 0 to "
                    + (Math.min(height, width) - 1) / 2);
        }
        int bytes = imageBytes();
        int plane = height * width;
        float[] out = new float[count * bytes];
        Arrays.fill(out, -1f);
        for (int i = 0; i < count; i++) {
            int src = indices[from + i] * bytes;
            int dst = i * bytes;
            int dy = random.nextInt(2 * shift + 1) - shift;
            int dx = random.nextInt(2 * shift + 1) - shift;
            boolean mirror = random.nextInt(2) == 1 && flip;
            for (int c = 0; c < channels; c++) {
                for (int y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
                    int rowIn = src + c * plane + (y - dy) * width;
                    int rowOut = dst + c * plane + y * width;
                    for (int x = Math.max(0, dx); x < Math.min(width, width + dx); x++) {
                        int xOut = mirror ? width - 1 - x : x;
                        out[rowOut + xOut] = SCALE[pixels[rowIn + x - dx] & 0xFF];
                    }
                }
            }
        }
        return manager.create(out, new Shape(count, channels, height, width));
    }

    /** The labels at {@code indices[from .. from+count)} as an int32 array of shape {@code (n)}. */
    @Override
    public NDArray labels(NDManager manager, int[] indices, int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = labels[indices[from + i]];
        }
        return manager.create(out);
    }

    /** All images as uint8 {@code (N, C, H, W)}, values 0..255 (the form FID detectors take). */
    public NDArray uint8(NDManager manager) {
        return manager.create(
                ByteBuffer.wrap(pixels),
                new Shape(size(), channels, height, width),
                DataType.UINT8);
    }

    private static final float[] SCALE = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            SCALE[v] = v / 127.5f - 1f;
        }
    }

    @Override
    public String toString() {
        return name + ": " + size() + " images of " + channels + "x" + height + "x" + width + ", "
                + classNames.size() + " classes";
    }
}
