package io.gankit.plot;

import com.madgag.gif.fmsware.AnimatedGifEncoder;
import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Pictures to files and bytes: PNG (written atomically), charts as images, GIF animations. */
public final class Images {
    private Images() {}

    /** A chart drawn to an image. */
    public static BufferedImage of(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** PNG bytes of an image. */
    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an image as PNG, atomically. */
    public static void writePng(BufferedImage image, Path file) {
        byte[] bytes = png(image);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Writes a chart as PNG, atomically. */
    public static void writePng(Chart<?, ?> chart, Path file) {
        writePng(of(chart), file);
    }

    /** An endlessly looping GIF of {@code frames}, {@code delayMs} per frame, holding the last one longer. */
    public static byte[] gif(List<BufferedImage> frames, int delayMs) {
        if (frames.isEmpty()) {
            throw new BadInputException("an animation needs at least one frame");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnimatedGifEncoder encoder = new AnimatedGifEncoder();
        encoder.start(out);
        encoder.setRepeat(0);
        for (int i = 0; i < frames.size(); i++) {
            encoder.setDelay(i == frames.size() - 1 ? delayMs * 4 : delayMs);
            encoder.addFrame(frames.get(i));
        }
        encoder.finish();
        return out.toByteArray();
    }

    /** Writes a GIF animation atomically. */
    public static void writeGif(List<BufferedImage> frames, int delayMs, Path file) {
        byte[] bytes = gif(frames, delayMs);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
