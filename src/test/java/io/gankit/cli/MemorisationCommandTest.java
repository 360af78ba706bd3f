package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gankit memorisation}: refused inputs name the folder; a quick sweep gives every file. */
class MemorisationCommandTest {
    private static final String EXPERIMENT = """
            // two training-set sizes, one seed
            {"name": "memo", "base": {"dataset": "mnist", "model": "mlp"}, "grid": {"limit": [300, 600]}, "seeds": 1}
            """;

    private static BadInputException refused(Path dir) {
        return assertThrows(
                BadInputException.class,
                () -> new MemorisationCommand()
                        .run(MemorisationCommand.FLAGS.parse(
                                dir.toString(), "--data", TestPaths.data().toString())));
    }

    @Test
    void aMissingFolderIsRefusedByName(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-sweep");
        BadInputException e = refused(missing);
        assertTrue(e.getMessage().startsWith(missing + ": no such folder"), e.getMessage());
    }

    @Test
    void aFolderThatIsNoSweepIsRefusedByName(@TempDir Path tmp) {
        BadInputException e = refused(tmp);
        assertTrue(e.getMessage().startsWith(tmp + ": no experiment.json"), e.getMessage());
    }

    @Test
    void aSweepWithoutAFinishedRunIsRefusedByName(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("experiment.json"), EXPERIMENT);
        // one run started and interrupted (a config, no summary), the other never started
        Path run = Files.createDirectories(tmp.resolve("limit=300").resolve("seed-1"));
        Files.writeString(run.resolve("config.json"), "{}");
        BadInputException e = refused(tmp);
        assertTrue(e.getMessage().startsWith(tmp + ": no finished run (of 2: "), e.getMessage());
        assertTrue(e.getMessage().contains("1 interrupted, 1 not started"), e.getMessage());
    }

    @Test
    void aQuickSweepGetsARowPerRunAPicturePerCellAndCharts(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("memo.json");
        Files.writeString(file, EXPERIMENT);
        Path sweep = tmp.resolve("sweep");
        String data = TestPaths.data().toString();
        assertEquals(
                0,
                new SweepCommand()
                        .run(SweepCommand.FLAGS.parse(
                                file.toString(),
                                "--quick",
                                "--out",
                                sweep.toString(),
                                "--data",
                                data)));
        Path out = tmp.resolve("out");
        assertEquals(
                0,
                new MemorisationCommand()
                        .run(MemorisationCommand.FLAGS.parse(
                                sweep.toString(),
                                "--samples",
                                "64",
                                "--out",
                                out.toString(),
                                "--data",
                                data)));
        List<String> runs = Files.readAllLines(out.resolve("memorisation-runs.csv"));
        assertEquals(3, runs.size(), runs.toString());
        assertTrue(
                runs.get(0)
                        .startsWith(
                                "cell,dataset,limit,seed,samples,reference,pixel_ratio,pixel_closer"),
                runs.get(0));
        assertTrue(runs.get(1).startsWith("limit=300,mnist,300,1,64,300,"), runs.get(1));
        assertTrue(runs.get(2).startsWith("limit=600,mnist,600,1,64,600,"), runs.get(2));
        for (String row : runs.subList(1, 3)) {
            double ratio = Double.parseDouble(row.split(",")[6]);
            assertTrue(ratio > 0 && Double.isFinite(ratio), "pixel ratio " + ratio + " in " + row);
        }
        List<String> cells = Files.readAllLines(out.resolve("memorisation-cells.csv"));
        assertEquals(3, cells.size(), cells.toString());
        assertTrue(cells.get(0).contains("real_pixel_ratio"), cells.get(0));
        for (String f : List.of(
                "memorisation-ratio.png",
                "memorisation-closer.png",
                "memorisation-limit=300.png",
                "memorisation-limit=600.png")) {
            assertTrue(Files.size(out.resolve(f)) > 1000, f);
        }
    }
}
