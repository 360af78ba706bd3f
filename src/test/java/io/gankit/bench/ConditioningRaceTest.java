package io.gankit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ConditioningRaceTest {
    @Test
    void welchsTIsComputedFromBothSidesSpreads() {
        Table runs = Table.create(
                "runs",
                StringColumn.create("side"),
                LongColumn.create("seed"),
                IntColumn.create("epoch"),
                DoubleColumn.create("agreement"));
        double[] kit = {0.5, 0.6, 0.7};
        double[] peer = {0.7, 0.8, 0.9, 1.0};
        for (int i = 0; i < kit.length; i++) {
            runs.stringColumn("side").append("kit");
            runs.longColumn("seed").append(i + 1);
            runs.intColumn("epoch").append(10);
            runs.doubleColumn("agreement").append(kit[i]);
        }
        for (int i = 0; i < peer.length; i++) {
            runs.stringColumn("side").append("pytorch");
            runs.longColumn("seed").append(i + 1);
            runs.intColumn("epoch").append(10);
            runs.doubleColumn("agreement").append(peer[i]);
        }
        Table t = ConditioningRace.summarise(runs, new int[] {10});
        // kit: mean 0.6, variance 0.01; peer: mean 0.85, variance 0.05/3
        assertEquals(0.6, t.doubleColumn("kit_mean").getDouble(0), 1e-12);
        assertEquals(0.1, t.doubleColumn("kit_sd").getDouble(0), 1e-12);
        assertEquals(0.85, t.doubleColumn("pytorch_mean").getDouble(0), 1e-12);
        assertEquals(Math.sqrt(0.05 / 3), t.doubleColumn("pytorch_sd").getDouble(0), 1e-12);
        double vk = 0.01 / 3;
        double vp = 0.05 / 3 / 4;
        assertEquals(-0.25 / Math.sqrt(vk + vp), t.doubleColumn("welch_t").getDouble(0), 1e-9);
        assertEquals(
                (vk + vp) * (vk + vp) / (vk * vk / 2 + vp * vp / 3),
                t.doubleColumn("welch_df").getDouble(0),
                1e-9);
        assertEquals(3, t.intColumn("seeds").getInt(0));
    }
}
