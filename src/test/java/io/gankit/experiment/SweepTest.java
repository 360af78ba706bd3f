package io.gankit.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.DataFolder;
import io.gankit.train.GanTrainer;
import io.gankit.train.History;
import io.gankit.train.StepRecord;
import io.gankit.train.TrainListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** A real sweep on MNIST: 2 cells x 2 seeds of 6 steps each, interrupted and resumed. */
class SweepTest {
    static final String EXPERIMENT = """
            {"name": "tiny", "base": {"dataset": "mnist", "limit": 384, "batchSize": 64, "epochs": 1,
                                      "checkpointEvery": 2, "samples": 4},
             "grid": {"loss": ["minimax", "non-saturating"]}, "seeds": 2}
            """;

    static Experiment experiment(Path tmp) throws IOException {
        Path file = tmp.resolve("tiny.json");
        Files.writeString(file, EXPERIMENT);
        return Experiment.read(file);
    }

    static DataFolder data() {
        return TestPaths.dataFolder();
    }

    /** What a kill leaves: the run dies after {@code steps} steps, writing nothing more. */
    static TrainListener dieAfter(int steps) {
        return new TrainListener() {
            @Override
            public void onStep(GanTrainer<?> t, StepRecord r) {
                if (r.step() == steps) {
                    throw new IllegalStateException("killed");
                }
            }
        };
    }

    @Test
    void aKilledSweepResumesWithoutRedoingFinishedRuns(@TempDir Path tmp) throws IOException {
        Experiment e = experiment(tmp);
        List<Experiment.RunKey> runs = e.runs();
        // An uninterrupted sweep, for reference.
        Sweep whole = Sweep.of(e, tmp.resolve("whole"), data());
        try (NDManager m = NDManager.newBaseManager()) {
            for (Experiment.RunKey key : runs) {
                assertEquals(TrainListener.Outcome.FINISHED, whole.run(key, k -> List.of(), m));
            }
        }
        // The same sweep killed during its third run (after step 3; checkpoints every 2 steps).
        Sweep parts = Sweep.of(e, tmp.resolve("parts"), data());
        try (NDManager m = NDManager.newBaseManager()) {
            parts.run(runs.get(0), k -> List.of(), m);
            parts.run(runs.get(1), k -> List.of(), m);
            assertThrows(
                    IllegalStateException.class,
                    () -> parts.run(runs.get(2), k -> List.of(dieAfter(3)), m));
        }
        assertEquals(Sweep.Status.FINISHED, parts.status(runs.get(0)));
        assertEquals(Sweep.Status.INTERRUPTED, parts.status(runs.get(2)));
        assertEquals(Sweep.Status.NEW, parts.status(runs.get(3)));
        Path firstSummary = runs.get(0).folder(parts.dir()).resolve("summary.json");
        FileTime finishedAt = Files.getLastModifiedTime(firstSummary);
        // Started again: finished runs are left alone, the killed one resumes from its checkpoint
        // of
        // step 2 (losing one interval), the new one starts.
        try (NDManager m = NDManager.newBaseManager()) {
            for (Experiment.RunKey key : runs) {
                int[] steps = {0};
                TrainListener counter = new TrainListener() {
                    @Override
                    public void onStep(GanTrainer<?> t, StepRecord r) {
                        steps[0]++;
                    }
                };
                assertEquals(
                        TrainListener.Outcome.FINISHED, parts.run(key, k -> List.of(counter), m));
                int expected = key.equals(runs.get(0)) || key.equals(runs.get(1))
                        ? 0
                        : key.equals(runs.get(2)) ? 4 : 6;
                assertEquals(expected, steps[0], "steps trained again for " + key);
            }
        }
        assertEquals(
                finishedAt,
                Files.getLastModifiedTime(firstSummary),
                "a finished run was written again");
        for (Experiment.RunKey key : runs) {
            History a = History.readCsv(key.folder(whole.dir()).resolve("history.csv"));
            History b = History.readCsv(key.folder(parts.dir()).resolve("history.csv"));
            assertEquals(6, b.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(
                        a.record(i).values(), b.record(i).values(), 0.0, key + " step " + (i + 1));
            }
        }
        // The results: a row per run, a row per cell with mean and sd over its two seeds.
        SweepResults results = SweepResults.read(e, parts.dir());
        Table t = results.runs();
        assertEquals(4, t.rowCount());
        assertEquals(
                List.of("finished", "finished", "finished", "finished"),
                t.stringColumn("outcome").asList());
        Table cells = results.cells();
        assertEquals(2, cells.rowCount());
        double g1 = t.doubleColumn("g_loss").getDouble(0);
        double g2 = t.doubleColumn("g_loss").getDouble(1);
        assertEquals((g1 + g2) / 2, cells.doubleColumn("g_loss_mean").getDouble(0), 1e-12);
        assertEquals(
                Math.abs(g1 - g2) / Math.sqrt(2),
                cells.doubleColumn("g_loss_sd").getDouble(0),
                1e-12);
        assertEquals(2, results.bands("g_loss", 1).size());
        assertEquals(6, results.bands("g_loss", 1).get("loss=minimax").rowCount());
        results.writeCsv();
        // Scores written while a run trained show as its last values and its best FID with the
        // step.
        Files.writeString(
                runs.get(1).folder(parts.dir()).resolve("scores.csv"),
                "step,fid,is,coverage\n0,90.0,1.5,3.0\n2,40.0,2.0,6.0\n4,35.5,2.5,8.0\n6,37.0,2.4,9.0\n");
        Table scored = SweepResults.read(e, parts.dir()).runs();
        assertEquals(37.0, scored.doubleColumn("fid").getDouble(1));
        assertEquals(9.0, scored.doubleColumn("coverage").getDouble(1));
        assertEquals(35.5, scored.doubleColumn("best_fid").getDouble(1));
        assertEquals(4, scored.longColumn("best_step").getLong(1));
        assertTrue(
                Double.isNaN(scored.doubleColumn("fid").getDouble(0)),
                "a run without scores has none");
        assertTrue(Files.readString(parts.dir().resolve("cells.csv"))
                .startsWith("cell,loss,runs,finished,diverged,"));
    }

    @Test
    void aDivergedRunIsKeptAsSuchAndNeverRetried(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("blow.json");
        Files.writeString(file, """
                {"base": {"dataset": "mnist", "limit": 256, "batchSize": 64, "epochs": 1, "samples": 4},
                 "grid": {"learningRate": [2e-4, 1e30]}}
                """);
        Experiment e = Experiment.read(file);
        Sweep sweep = Sweep.of(e, tmp.resolve("out"), data());
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(
                    TrainListener.Outcome.FINISHED, sweep.run(e.runs().get(0), k -> List.of(), m));
            assertEquals(
                    TrainListener.Outcome.DIVERGED, sweep.run(e.runs().get(1), k -> List.of(), m));
            assertEquals(
                    TrainListener.Outcome.DIVERGED,
                    sweep.run(e.runs().get(1), k -> List.of(dieAfter(1)), m));
        }
        Table runs = SweepResults.read(e, sweep.dir()).runs();
        assertEquals(
                List.of("finished", "diverged"), runs.stringColumn("outcome").asList());
        Table cells = SweepResults.read(e, sweep.dir()).cells();
        assertEquals(1, cells.intColumn("diverged").getInt(1));
        assertTrue(
                Double.isNaN(cells.doubleColumn("g_loss_mean").getDouble(1)),
                "no finished run to average");
    }

    @Test
    void aRunFolderSaysWhereItStands(@TempDir Path run) throws IOException {
        assertEquals("not started", Sweep.outcome(run));
        assertEquals(Sweep.Status.NEW, Sweep.status(run));
        Files.writeString(run.resolve("config.json"), "{}");
        assertEquals("interrupted", Sweep.outcome(run));
        assertEquals(Sweep.Status.INTERRUPTED, Sweep.status(run));
        Files.writeString(run.resolve("summary.json"), "{\"outcome\": \"stopped\"}");
        assertEquals("stopped", Sweep.outcome(run));
        assertEquals(Sweep.Status.INTERRUPTED, Sweep.status(run), "a stopped run resumes");
        Files.writeString(run.resolve("summary.json"), "{\"steps\": 3");
        assertEquals("unreadable summary", Sweep.outcome(run));
        assertEquals(Sweep.Status.INTERRUPTED, Sweep.status(run), "and writes its summary again");
        Files.writeString(run.resolve("summary.json"), "{\"outcome\": \"diverged\"}");
        assertEquals(Sweep.Status.DIVERGED, Sweep.status(run));
        Files.writeString(run.resolve("summary.json"), "{\"outcome\": \"finished\"}");
        assertEquals(Sweep.Status.FINISHED, Sweep.status(run));
    }

    @Test
    void anotherExperimentInTheSameFolderIsRefused(@TempDir Path tmp) throws IOException {
        Experiment e = experiment(tmp);
        Sweep.of(e, tmp.resolve("out"), data());
        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"grid\": {\"loss\": [\"hinge\"]}}");
        BadInputException x = assertThrows(
                BadInputException.class,
                () -> Sweep.of(Experiment.read(other), tmp.resolve("out"), data()));
        assertTrue(x.getMessage().contains("experiment.json"), x.getMessage());
    }
}
