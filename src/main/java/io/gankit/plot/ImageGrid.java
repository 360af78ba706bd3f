package io.gankit.plot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Lays out a batch of images as one picture, row after row, with a thin gap between images. */
public final class ImageGrid {
    private static final int GAP = 2;

    private ImageGrid() {}

    /**
     * A grid of images {@code (N, C, H, W)} with values in [-1, 1] (a generator's Tanh range), one
     * or three channels, {@code columns} images per row, each pixel drawn {@code scale} times.
     */
    public static BufferedImage of(NDArray images, int columns, int scale) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || (s.get(1) != 1 && s.get(1) != 3)) {
            throw new BadInputException("images of shape " + s + "; expected (N, 1 or 3, H, W)");
        }
        float[] v = images.toType(DataType.FLOAT32, false).toFloatArray();
        return of(
                v, (int) s.get(0), (int) s.get(1), (int) s.get(2), (int) s.get(3), columns, scale);
    }

    /** As {@link #of(NDArray, int, int)} with about as many columns as rows, each pixel drawn twice. */
    public static BufferedImage of(NDArray images) {
        int n = (int) images.getShape().get(0);
        return of(images, (int) Math.ceil(Math.sqrt(n)), 2);
    }

    /** A grid from values in [-1, 1], laid out as {@code n} images of {@code c x h x w}. */
    public static BufferedImage of(
            float[] values, int n, int c, int h, int w, int columns, int scale) {
        if (columns <= 0 || scale <= 0) {
            throw new BadInputException("grid of " + columns + " columns at scale " + scale
                    + "; expected positive values");
        }
        int rows = (n + columns - 1) / columns;
        int cell = GAP + w * scale;
        int cellH = GAP + h * scale;
        BufferedImage out = new BufferedImage(
                columns * cell + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(new Color(40, 40, 40));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.dispose();
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            int x0 = GAP + (i % columns) * cell;
            int y0 = GAP + (i / columns) * cellH;
            int base = i * c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    int r = level(values[base + p]);
                    int gr = c == 3 ? level(values[base + plane + p]) : r;
                    int b = c == 3 ? level(values[base + 2 * plane + p]) : r;
                    int rgb = (r << 16) | (gr << 8) | b;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** [-1, 1] to 0..255, rounded and clamped. */
    static int level(float v) {
        int q = Math.round((v + 1f) * 127.5f);
        return Math.max(0, Math.min(255, q));
    }
}
