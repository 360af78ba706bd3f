package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    static ImageSet mnist;

    @BeforeAll
    static void load() {
        mnist = TestPaths.mnist(1024);
    }

    static TrainConfig config() {
        // 16 steps per epoch, 2 epochs; a checkpoint every 5 steps and at each epoch end
        return TrainConfig.builder()
                .optBatchSize(64)
                .optEpochs(2)
                .optCheckpointEvery(5)
                .optSeed(11)
                .build();
    }

    @Test
    void aResumedRunMatchesAnUninterruptedOneStepForStep(@TempDir Path tmp) throws IOException {
        History whole;
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.start(tmp.resolve("whole"), config(), mnist, m)) {
            run.train();
            whole = run.trainer().history();
            assertEquals(32, whole.size());
        }
        Path dir = tmp.resolve("parts");
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.start(dir, config(), mnist, m)) {
            for (int i = 0; i < 13; i++) {
                run.trainer().step();
                if (run.trainer().stepsDone() % 5 == 0) {
                    Checkpoint.save(run.trainer(), dir, Run.KEEP_CHECKPOINTS);
                }
            }
        }
        // Steps 11..13 were never checkpointed: the resume starts at 10 and redoes them.
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.resume(dir, c -> mnist, m)) {
            assertEquals(10, run.trainer().stepsDone());
            List<String> resumes = Files.readAllLines(dir.resolve("resumes.csv"));
            assertEquals(2, resumes.size(), "a header and this resume: " + resumes);
            assertTrue(resumes.get(1).startsWith("10,"), resumes.get(1));
            run.train();
            History resumed = run.trainer().history();
            assertEquals(whole.size(), resumed.size());
            for (int i = 0; i < whole.size(); i++) {
                StepRecord a = whole.record(i);
                StepRecord b = resumed.record(i);
                assertEquals(a.step(), b.step());
                assertEquals(
                        a.value("d_loss"), b.value("d_loss"), 0.0, "d_loss at step " + a.step());
                assertEquals(
                        a.value("g_loss"), b.value("g_loss"), 0.0, "g_loss at step " + a.step());
                assertEquals(
                        a.value("d_fake"), b.value("d_fake"), 0.0, "d_fake at step " + a.step());
            }
        }
        List<Path> kept = Checkpoint.list(dir.resolve(Checkpoint.DIR));
        assertEquals(Run.KEEP_CHECKPOINTS, kept.size());
        assertEquals(32, Checkpoint.stepOf(kept.get(kept.size() - 1)));
    }

    @Test
    void runFolderHoldsEverythingItPromises(@TempDir Path tmp) {
        Path dir = tmp.resolve("run");
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.start(dir, config(), mnist, m)) {
            run.train();
        }
        for (String f : new String[] {
            "config.json",
            "history.csv",
            "loss.png",
            "d_outputs.png",
            "samples/epoch-001.png",
            "samples/epoch-002.png",
            "samples/final.png",
            "samples.gif",
            "generator.params",
            "discriminator.params",
            "summary.json"
        }) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f + " missing");
        }
        History h = History.readCsv(dir.resolve("history.csv"));
        assertEquals(32, h.size());
        assertEquals(32, h.last().step());
        assertEquals(2, h.last().epoch());
        assertEquals(config(), Run.readConfig(dir));
    }

    @Test
    void aSmallDataSetWritesEpochOutputsEveryFewEpochs(@TempDir Path tmp) {
        assertTrue(Run.writesAtEpochEnd(1, 468), "MNIST's epochs: every one");
        assertTrue(Run.writesAtEpochEnd(1, 16));
        assertEquals(false, Run.writesAtEpochEnd(1, 15), "15 steps: every second epoch");
        assertTrue(Run.writesAtEpochEnd(2, 15));
        // 128 images in batches of 64: 2 steps an epoch, outputs every 8th epoch
        Path dir = tmp.resolve("run");
        TrainConfig small = TrainConfig.builder()
                .optBatchSize(64)
                .optEpochs(9)
                .optLimit(128)
                .optSeed(11)
                .build();
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.start(dir, small, mnist, m)) {
            run.train();
        }
        assertTrue(Files.isRegularFile(dir.resolve("samples/epoch-008.png")));
        for (int epoch : new int[] {1, 7, 9}) {
            Path grid = dir.resolve(String.format("samples/epoch-%03d.png", epoch));
            assertTrue(!Files.exists(grid), grid + " written");
        }
        assertTrue(Files.isRegularFile(dir.resolve("samples/final.png")));
        assertEquals(18, History.readCsv(dir.resolve("history.csv")).last().step());
        List<Path> kept = Checkpoint.list(dir.resolve(Checkpoint.DIR));
        assertEquals(List.of(16L, 18L), kept.stream().map(Checkpoint::stepOf).toList());
    }

    @Test
    void startingOverAnExistingRunIsRefused(@TempDir Path tmp) {
        Path dir = tmp.resolve("run");
        try (NDManager m = NDManager.newBaseManager()) {
            Run.start(dir, config(), mnist, m).close();
            BadInputException e =
                    assertThrows(BadInputException.class, () -> Run.start(dir, config(), mnist, m));
            assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        }
    }

    @Test
    void aHalfWrittenCheckpointIsIgnoredAndAForeignOneRefused(@TempDir Path tmp)
            throws IOException {
        Path dir = tmp.resolve("run");
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.start(dir, config(), mnist, m)) {
            for (int i = 0; i < 5; i++) {
                run.trainer().step();
            }
            Checkpoint.save(run.trainer(), dir, 2);
        }
        // What a kill during a save leaves behind: a temporary folder, and never a step-N folder
        // without state.json.
        Files.createDirectories(dir.resolve("checkpoints/.partial-123"));
        Files.createDirectories(dir.resolve("checkpoints/step-00000009"));
        assertEquals(5, Checkpoint.stepOf(Checkpoint.latest(dir).orElseThrow()));
        // Parameters of another network are refused with the file named.
        Path latest = Checkpoint.latest(dir).orElseThrow();
        Files.writeString(latest.resolve("generator.params"), "garbage");
        try (NDManager m = NDManager.newBaseManager()) {
            BadInputException e =
                    assertThrows(BadInputException.class, () -> Run.resume(dir, c -> mnist, m));
            assertTrue(e.getMessage().contains("generator.params"), e.getMessage());
        }
    }

    @Test
    void aDivergedRunKeepsItsLastGoodCheckpoint(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        TrainConfig config = config().toBuilder()
                .optCheckpointEvery(1)
                .optLearningRates(2e-4, 2e-4)
                .build();
        long diverged;
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.start(dir, config, mnist, m)) {
            for (int i = 0; i < 3; i++) {
                run.trainer().step();
            }
            Checkpoint.save(run.trainer(), dir, Run.KEEP_CHECKPOINTS);
            // Poison G: every later generator output is NaN, so the next D loss is NaN.
            for (var p : ((GanGame) run.trainer().game()).gan().generator().getParameters()) {
                p.getValue().getArray().muli(Float.NaN);
            }
            DivergenceException e = Assertions.assertThrows(DivergenceException.class, run::train);
            diverged = e.step();
            // A checkpoint of the poisoned state is refused.
            Assertions.assertThrows(
                    DivergenceException.class,
                    () -> Checkpoint.save(run.trainer(), dir, Run.KEEP_CHECKPOINTS));
        }
        assertEquals(4, diverged);
        assertEquals(3, Checkpoint.stepOf(Checkpoint.latest(dir).orElseThrow()));
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("diverged"));
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.resume(dir, c -> mnist, m)) {
            assertEquals(3, run.trainer().stepsDone());
        }
    }

    @Test
    void anInterruptedRunStopsAfterItsStepAndSavesACheckpoint(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        TrainConfig config = config().toBuilder().optEpochs(50).build();
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.start(dir, config, mnist, m)) {
            TrainListener.Outcome[] outcome = new TrainListener.Outcome[1];
            boolean[] flagKept = new boolean[1];
            Thread worker = new Thread(() -> {
                outcome[0] = run.train();
                flagKept[0] = Thread.currentThread().isInterrupted();
            });
            worker.start();
            while (run.trainer().stepsDone() < 3) {
                Thread.sleep(10);
            }
            worker.interrupt(); // what a notebook's stop button does to the cell's thread
            worker.join(120_000);
            assertEquals(TrainListener.Outcome.STOPPED, outcome[0]);
            assertTrue(flagKept[0], "the interrupt is handed back to the caller");
            long steps = run.trainer().stepsDone();
            assertTrue(steps < 800, "stopped early");
            assertEquals(steps, Checkpoint.stepOf(Checkpoint.latest(dir).orElseThrow()));
        }
    }

    @Test
    void aCheckpointOfFormatOneFromBeforeGamesStillResumes(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        double[] next;
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.start(dir, config(), mnist, m)) {
            for (int i = 0; i < 5; i++) {
                run.trainer().step();
            }
            Checkpoint.save(run.trainer(), dir, 2);
            next = run.trainer().step().values();
        }
        // What the kit wrote before games: the optimisers' steps as adamStepsD and adamStepsG.
        Path state = Checkpoint.latest(dir).orElseThrow().resolve("state.json");
        Files.writeString(state, """
                {"format": 1, "step": 5, "seconds": 1.5, "adamStepsD": 5, "adamStepsG": 5, "architecture": "mlp"}
                """);
        try (NDManager m = NDManager.newBaseManager();
                Run run = Run.resume(dir, c -> mnist, m)) {
            assertEquals(5, run.trainer().stepsDone());
            for (Adam adam : run.trainer().game().optimizers().values()) {
                assertEquals(5, adam.steps());
            }
            Assertions.assertArrayEquals(next, run.trainer().step().values(), 0.0);
        }
    }
}
