package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    @Test
    void wholeNumbersAreWrittenWithoutAFractionAndEveryValueRereadsExactly(@TempDir Path tmp)
            throws IOException {
        List<String> measures = List.of("level", "d_loss");
        History h = History.create(measures);
        double[][] rows = {
            {2, 0.1 + 0.2},
            {0, -0.0},
            {-3, Double.NaN},
            {1e15, 1e-300},
            {7, Double.NEGATIVE_INFINITY}
        };
        for (int i = 0; i < rows.length; i++) {
            h.add(new StepRecord(i + 1, 1, measures, rows[i], 0.25 * i));
        }
        Path file = tmp.resolve("history.csv");
        h.writeCsv(file);

        List<String> lines = Files.readAllLines(file);
        assertEquals("step,epoch,level,d_loss,seconds", lines.get(0));
        assertEquals("1,1,2,0.30000000000000004,0.000", lines.get(1));
        assertEquals("2,1,0,-0.0,0.250", lines.get(2), "-0 keeps its sign");
        assertEquals("3,1,-3,NaN,0.500", lines.get(3));
        assertEquals("4,1,1.0E15,1.0E-300,0.750", lines.get(4), "too large to be sure it is whole");

        History reread = History.readCsv(file);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(rows[i], reread.record(i).values(), "row " + (i + 1));
        }
    }
}
