package io.gankit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.data.ImageSet;
import io.gankit.train.GanGame;
import io.gankit.train.GanTrainer;
import io.gankit.train.TrainConfig;
import io.gankit.train.TrainListener;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveTrainingTest {
    private final List<DisplayData> shown = new ArrayList<>();
    private final List<DisplayData> updated = new ArrayList<>();

    @AfterEach
    void restore() {
        Show.redirect(null);
    }

    @Test
    void drawsChartsAndOneGridPerEpochAndAnimatesThem() {
        Show.redirect(new Show.Sink() {
            @Override
            public void display(DisplayData data) {
                shown.add(data);
            }

            @Override
            public void update(DisplayData data) {
                updated.add(data);
            }
        });
        int images = 32;
        byte[] pixels = new byte[images * 28 * 28];
        new SplittableRandom(3).ints(pixels.length, 0, 256).forEach(new IntConsumer() {
            int i;

            @Override
            public void accept(int v) {
                pixels[i++] = (byte) v;
            }
        });
        ImageSet data =
                ImageSet.create("noise", pixels, new int[images], 1, 28, 28, List.of("noise"));
        TrainConfig config = TrainConfig.builder()
                .optBatchSize(16)
                .optEpochs(2)
                .optSamples(4)
                .build();
        LiveTraining live = LiveTraining.every(1);
        TrainListener.Outcome outcome;
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer<GanGame> trainer = GanTrainer.create(config, data, manager)) {
            outcome = trainer.addListener(live).fit();
        }
        assertEquals(TrainListener.Outcome.FINISHED, outcome);
        assertEquals(
                4,
                shown.size(),
                "progress bar, loss curves, D outputs and samples, each shown once");
        String samplesId = shown.get(3).getDisplayId();
        long sampleUpdates =
                updated.stream().filter(d -> samplesId.equals(d.getDisplayId())).count();
        assertEquals(2, sampleUpdates, "the grid is redrawn after each of the 2 epochs");
        List<BufferedImage> frames = live.frames();
        assertEquals(3, frames.size(), "the untrained grid and one per epoch");
        assertTrue(
                updated.stream()
                        .anyMatch(d -> String.valueOf(d.getData(MIMEType.TEXT_PLAIN))
                                .contains("4/4 (100%)")),
                "the progress bar ends full");
        byte[] gif = live.animation(100);
        assertEquals("GIF89a", new String(gif, 0, 6, StandardCharsets.US_ASCII));
    }

    @Test
    void captionAddsABandAboveTheGrid() {
        BufferedImage grid = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
        BufferedImage captioned = LiveTraining.caption(grid, "epoch 1");
        assertEquals(60, captioned.getWidth());
        assertEquals(58, captioned.getHeight());
        assertEquals(0xFFFFFFFF, captioned.getRGB(59, 0), "the band is white");
        assertEquals(0xFF000000, captioned.getRGB(30, 57), "the grid is below it");
    }
}
