package io.gankit.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gankit.train.History;
import io.gankit.train.StepRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class BandsTest {
    static History history(double... losses) {
        History h = History.create(List.of("g_loss"));
        for (int i = 0; i < losses.length; i++) {
            h.add(new StepRecord(i + 1, 1, List.of("g_loss"), new double[] {losses[i]}, i));
        }
        return h;
    }

    @Test
    void meanAndSampleSdAcrossRunsAtEveryStepByHand() {
        // step 1: 1, 2, 6 -> mean 3, sd sqrt(((1-3)^2 + (2-3)^2 + (6-3)^2) / 2) = sqrt(7)
        // step 2: 4, 4, 4 -> mean 4, sd 0; step 3 only the first two runs: 5, 7 -> mean 6, sd
        // sqrt(2)
        Table band =
                Bands.of(List.of(history(1, 4, 5), history(2, 4, 7), history(6, 4)), "g_loss", 1);
        assertArrayEquals(new double[] {1, 2, 3}, band.longColumn("step").asDoubleArray());
        assertArrayEquals(new double[] {3, 4, 6}, band.doubleColumn("mean").asDoubleArray(), 1e-12);
        assertArrayEquals(
                new double[] {Math.sqrt(7), 0, Math.sqrt(2)},
                band.doubleColumn("sd").asDoubleArray(),
                1e-12);
        assertArrayEquals(new int[] {3, 3, 2}, band.intColumn("runs").asIntArray());
    }

    @Test
    void eachRunIsSmoothedBeforeTheStatistics() {
        // window 2: run a becomes 2, 3, 5; run b becomes 0, 1, 3 -> means 1, 2, 4, sd sqrt(2) each
        Table band = Bands.of(List.of(history(2, 4, 6), history(0, 2, 4)), "g_loss", 2);
        assertArrayEquals(new double[] {1, 2, 4}, band.doubleColumn("mean").asDoubleArray(), 1e-12);
        assertEquals(Math.sqrt(2), band.doubleColumn("sd").getDouble(2), 1e-12);
        assertEquals(1, Bands.of(List.of(history(3)), "g_loss", 1).rowCount());
        assertEquals(
                0,
                Bands.of(List.of(history(3)), "g_loss", 1).doubleColumn("sd").getDouble(0),
                0.0,
                "one run: no spread");
    }
}
