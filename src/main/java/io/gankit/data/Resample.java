package io.gankit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;

/**
 * Bicubic resizing of images, as Pillow's {@code Image.resize(size, BICUBIC)}: Keys' cubic kernel
 * (a = -0.5), separable, rows first; when shrinking, the kernel is stretched by the shrink factor,
 * so every source pixel under the output pixel counts (antialiasing), and the weights of each
 * output pixel are normalised to sum to 1. Edges clamp: the window stops at the border. The low
 * resolution images of super-resolution are made this way from the high resolution ones, and
 * bicubic upscaling is the baseline a super-resolution network has to beat. Checked against
 * Pillow's float mode on fixed images.
 */
public final class Resample {
    /** The kernel's support (in source pixels, before stretching). */
    static final double SUPPORT = 2.0;

    private Resample() {}

    /** Keys' cubic convolution kernel with a = -0.5. */
    static double cubic(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
    }

    /**
     * {@code plane}, {@code height x width} values, resized to {@code outHeight x outWidth}: rows
     * first, then columns.
     */
    public static double[] bicubic(
            double[] plane, int height, int width, int outHeight, int outWidth) {
        if (plane.length != height * width || outHeight < 1 || outWidth < 1) {
            throw new BadInputException("bicubic resize of " + plane.length + " values as "
                    + height + " x " + width + " to " + outHeight + " x " + outWidth
                    + "; expected height x width values and a positive size");
        }
        double[] rows = new double[height * outWidth];
        Weights across = new Weights(width, outWidth);
        for (int r = 0; r < height; r++) {
            for (int q = 0; q < outWidth; q++) {
                double s = 0;
                for (int k = 0; k < across.count[q]; k++) {
                    s += across.weight[q][k] * plane[r * width + across.first[q] + k];
                }
                rows[r * outWidth + q] = s;
            }
        }
        double[] out = new double[outHeight * outWidth];
        Weights down = new Weights(height, outHeight);
        for (int r = 0; r < outHeight; r++) {
            for (int q = 0; q < outWidth; q++) {
                double s = 0;
                for (int k = 0; k < down.count[r]; k++) {
                    s += down.weight[r][k] * rows[(down.first[r] + k) * outWidth + q];
                }
                out[r * outWidth + q] = s;
            }
        }
        return out;
    }

    /** The normalised kernel weights of each output index along one axis. */
    private static final class Weights {
        final int[] first;
        final int[] count;
        final double[][] weight;

        Weights(int in, int out) {
            double scale = (double) in / out;
            double stretch = Math.max(scale, 1);
            double support = SUPPORT * stretch;
            first = new int[out];
            count = new int[out];
            weight = new double[out][];
            for (int o = 0; o < out; o++) {
                double centre = (o + 0.5) * scale;
                int lo = Math.max((int) (centre - support + 0.5), 0);
                int hi = Math.min((int) (centre + support + 0.5), in);
                double[] w = new double[hi - lo];
                double sum = 0;
                for (int i = lo; i < hi; i++) {
                    w[i - lo] = cubic((i - centre + 0.5) / stretch);
                    sum += w[i - lo];
                }
                for (int i = 0; i < w.length; i++) {
                    w[i] = sum == 0 ? 0 : w[i] / sum;
                }
                first[o] = lo;
                count[o] = w.length;
                weight[o] = w;
            }
        }

        /** The weights as a dense {@code out x in} matrix, row by row, in float32. */
        float[] matrix(int in) {
            float[] m = new float[first.length * in];
            for (int o = 0; o < first.length; o++) {
                for (int k = 0; k < count[o]; k++) {
                    m[o * in + first[o] + k] = (float) weight[o][k];
                }
            }
            return m;
        }
    }

    /**
     * A batch as {@link ImageSet#batch} gives it, {@code (N, C, H, W)} in [-1, 1], resized to {@code
     * outHeight x outWidth} on the engine with the weights of {@link #bicubic(ImageSet, int, int)},
     * then clamped and rounded to the 256 byte levels as that method does. So a training step makes
     * from its high-resolution batch the very low-resolution images a resized set would hold
     * (super-resolution's inputs are 8-bit images), without a second data set that would have to
     * follow the trainer's batch order; float32 sums can land a value that lies within a rounding
     * error of a half level on the other side of it. The result lives in the batch's manager and
     * carries no gradient (rounding has none).
     */
    public static NDArray bicubic(NDArray images, int outHeight, int outWidth) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || outHeight < 1 || outWidth < 1) {
            throw new BadInputException("bicubic resize of a batch of shape " + s + " to "
                    + outHeight + " x " + outWidth
                    + "; expected (N, C, H, W) images and a positive size");
        }
        int height = Math.toIntExact(s.get(2));
        int width = Math.toIntExact(s.get(3));
        NDManager manager = images.getManager();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray down = scratch.create(
                    new Weights(height, outHeight).matrix(height), new Shape(outHeight, height));
            NDArray across = scratch.create(
                            new Weights(width, outWidth).matrix(width), new Shape(outWidth, width))
                    .transpose();
            // rows first, as Pillow: x across^T resizes each row, then down (.) each column
            NDArray rows = images.matMul(across);
            rows.attach(scratch); // a result belongs to its first operand's manager
            // Math.round takes halves up, the engine's round to even: floor(x + 0.5) is Math.round
            NDArray levels =
                    down.matMul(rows).add(1f).mul(127.5f).clip(0, 255).add(0.5f).floor();
            // the same float32 operations as ImageSet.batch's scaling, so equal levels give equal
            // values
            NDArray out = levels.div(127.5f).sub(1f);
            out.attach(manager);
            return out;
        }
    }

    /**
     * Every image of {@code images} resized to {@code outHeight x outWidth}, channel by channel, and
     * rounded back to 0..255 (clamped: the kernel's negative lobes overshoot at edges). Labels kept.
     */
    public static ImageSet bicubic(ImageSet images, int outHeight, int outWidth) {
        int c = images.channels();
        int h = images.height();
        int w = images.width();
        byte[] out = new byte[images.size() * c * outHeight * outWidth];
        int[] labels = new int[images.size()];
        double[] plane = new double[h * w];
        int at = 0;
        for (int n = 0; n < images.size(); n++) {
            labels[n] = images.label(n);
            for (int k = 0; k < c; k++) {
                for (int r = 0; r < h; r++) {
                    for (int q = 0; q < w; q++) {
                        plane[r * w + q] = images.pixel(n, k, r, q);
                    }
                }
                for (double v : bicubic(plane, h, w, outHeight, outWidth)) {
                    out[at++] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return ImageSet.create(
                images.name() + " at " + outHeight + "x" + outWidth,
                out,
                labels,
                c,
                outHeight,
                outWidth,
                images.classNames());
    }
}
