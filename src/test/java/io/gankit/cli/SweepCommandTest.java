package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.WorkerEngine;
import io.gankit.experiment.Experiment;
import io.gankit.train.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gankit sweep --quick}: in two worker processes, then again (nothing redone). */
class SweepCommandTest {
    @Test
    void aQuickSweepInTwoWorkersWritesEveryRunAndARerunRedoesNone(@TempDir Path tmp)
            throws Exception {
        Path file = tmp.resolve("two.json");
        Files.writeString(file, """
                {"name": "two", "base": {"dataset": "mnist"}, "grid": {"loss": ["minimax", "non-saturating"]}, "seeds": 2}
                """);
        Path out = tmp.resolve("out");
        String[] argv = {
            file.toString(),
            "--quick",
            "--workers",
            "2",
            "--out",
            out.toString(),
            "--data",
            TestPaths.data().toString()
        };
        assertEquals(0, new SweepCommand().run(SweepCommand.FLAGS.parse(argv)));
        Experiment e = Experiment.read(file).quick();
        for (Experiment.RunKey key : e.runs()) {
            History h = History.readCsv(key.folder(out).resolve("history.csv"));
            assertEquals(Experiment.QUICK_STEPS, h.size(), key + " trained " + h.size() + " steps");
        }
        List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
        assertEquals(1 + 4, runs.size());
        assertTrue(
                runs.get(0)
                        .startsWith(
                                "cell,loss,seed,outcome,steps,seconds,d_loss,g_loss,d_real,d_fake"),
                runs.get(0));
        assertTrue(runs.stream().skip(1).allMatch(r -> r.contains(",finished,")), runs.toString());
        assertTrue(Files.isRegularFile(out.resolve("g_loss-bands.png")));
        Path summary = e.runs().get(3).folder(out).resolve("summary.json");
        FileTime before = Files.getLastModifiedTime(summary);
        assertEquals(0, new SweepCommand().run(SweepCommand.FLAGS.parse(argv)));
        assertEquals(
                before, Files.getLastModifiedTime(summary), "a finished run was trained again");
    }

    @Test
    void aClusterEngineTakesNoWorkerCountAndWithoutSparkSaysHowToBuildIt(@TempDir Path tmp)
            throws Exception {
        Path file = tmp.resolve("two.json");
        Files.writeString(file, """
                {"name": "two", "base": {"dataset": "mnist"}, "seeds": 1}
                """);
        String f = file.toString();
        BadInputException both = assertThrows(
                BadInputException.class,
                () -> new SweepCommand()
                        .run(SweepCommand.FLAGS.parse(
                                new String[] {f, "--engine", "spark", "--workers", "2"})));
        assertTrue(both.getMessage().contains("--workers with --engine spark"), both.getMessage());
        BadInputException alone = assertThrows(
                BadInputException.class,
                () -> new SweepCommand()
                        .run(SweepCommand.FLAGS.parse(
                                new String[] {f, "--master", "spark://h:7077"})));
        assertTrue(alone.getMessage().contains("without --engine spark"), alone.getMessage());
        // the kit's own class path has no Spark: the engine is built apart (spark/)
        BadInputException missing = assertThrows(
                BadInputException.class,
                () -> new SweepCommand().run(SweepCommand.FLAGS.parse(new String[] {
                    f, "--engine", "spark", "--master", "spark://h:7077"
                })));
        assertTrue(missing.getMessage().contains("-f spark/pom.xml"), missing.getMessage());
        assertEquals(3, WorkerEngine.local(3).shards(10), "local workers: one shard each");
    }
}
