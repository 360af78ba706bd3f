package io.gankit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * The PNG images of a folder (not its sub-folders), in file-name order, read a batch at a time.
 * Grayscale files give one channel, colour files three (alpha is dropped); every image must have the
 * size and channel count of the first. Images are not resized: the detector resizes internally.
 */
public final class ImageFolder implements SampleSource {
    private final Path folder;
    private final List<Path> files;
    private final int channels;
    private final int height;
    private final int width;
    private int position;

    private ImageFolder(Path folder, List<Path> files, int channels, int height, int width) {
        this.folder = folder;
        this.files = files;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** Opens {@code folder}, reading the first image to learn the shape. */
    public static ImageFolder open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(folder + ": not a folder; expected a folder of PNG images");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new BadInputException(
                    folder + ": no .png files; expected a folder of PNG images");
        }
        BufferedImage first = read(files.get(0));
        return new ImageFolder(
                folder, files, isGray(first) ? 1 : 3, first.getHeight(), first.getWidth());
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

    @Override
    public long size() {
        return files.size();
    }

    @Override
    public String description() {
        return "folder " + folder + " (" + files.size() + " PNG files, " + channels + "x" + height
                + "x" + width + ")";
    }

    @Override
    public NDArray next(NDManager manager, int count) {
        int n = Math.min(count, files.size() - position);
        int plane = height * width;
        byte[] pixels = new byte[n * channels * plane];
        for (int i = 0; i < n; i++) {
            Path file = files.get(position + i);
            BufferedImage image = read(file);
            if (image.getWidth() != width || image.getHeight() != height) {
                throw new BadInputException(file + ": " + image.getWidth() + "x" + image.getHeight()
                        + " pixels; expected " + width + "x" + height + " like "
                        + files.get(0).getFileName());
            }
            boolean gray = isGray(image);
            if (channels == 1 && !gray) {
                throw new BadInputException(file + ": colour image; expected grayscale like "
                        + files.get(0).getFileName());
            }
            int base = i * channels * plane;
            if (gray) {
                Raster raster = image.getRaster();
                int bits = image.getColorModel().getComponentSize(0);
                double scale = 255.0 / ((1 << bits) - 1);
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int v = bits == 8
                                ? raster.getSample(x, y, 0)
                                : (int) Math.round(raster.getSample(x, y, 0) * scale);
                        for (int c = 0; c < channels; c++) {
                            pixels[base + c * plane + y * width + x] = (byte) v;
                        }
                    }
                }
            } else {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int rgb = image.getRGB(x, y);
                        int at = base + y * width + x;
                        pixels[at] = (byte) (rgb >> 16);
                        pixels[at + plane] = (byte) (rgb >> 8);
                        pixels[at + 2 * plane] = (byte) rgb;
                    }
                }
            }
        }
        position += n;
        return manager.create(
                ByteBuffer.wrap(pixels), new Shape(n, channels, height, width), DataType.UINT8);
    }

    private static boolean isGray(BufferedImage image) {
        return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    private static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new BadInputException(file + ": not a readable image; expected a PNG file");
            }
            return image;
        } catch (IOException e) {
            throw new BadInputException(
                    file + ": unreadable PNG (" + e.getMessage() + "); expected a PNG file", e);
        }
    }
}
