package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.TestPaths;
import io.gankit.train.Checkpoint;
import io.gankit.train.History;
import io.gankit.train.Run;
import io.gankit.train.StepRecord;
import io.gankit.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./gankit train} as a separate process: killed with SIGKILL or SIGINT, then resumed. */
class TrainProcessTest {
    static final int INTERVAL = 8;

    /** Starts a new run into {@code out}, output appended to {@code out.log}. */
    static Process train(Path out) throws IOException {
        return gankit(
                out,
                "--limit",
                "2048",
                "--batch",
                "64",
                "--epochs",
                "4",
                "--checkpoint-every",
                "" + INTERVAL,
                "--seed",
                "5",
                "--out",
                out.toString());
    }

    /** Resumes the run in {@code run}. */
    static Process resume(Path run) throws IOException {
        return gankit(run, "--resume", run.toString());
    }

    static Process gankit(Path run, String... flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "train",
                "--data",
                TestPaths.data().toString()));
        cmd.addAll(List.of(flags));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        run.resolveSibling(run.getFileName() + ".log").toFile()))
                .start();
    }

    static void awaitCheckpoint(Path run, Process p) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 300_000;
        while (Checkpoint.latest(run).isEmpty()) {
            assertTrue(p.isAlive(), "training exited before its first checkpoint");
            assertTrue(System.currentTimeMillis() < deadline, "no checkpoint within 5 minutes");
            Thread.sleep(50);
        }
    }

    @Test
    void killedAtARandomMomentAndResumedItMatchesAnUninterruptedRun(@TempDir Path tmp)
            throws Exception {
        Path run = tmp.resolve("run");
        Process p = train(run);
        awaitCheckpoint(run, p);
        long delay = new Random().nextInt(1500);
        System.out.println("SIGKILL " + delay + " ms after the first checkpoint");
        Thread.sleep(delay);
        assertTrue(p.isAlive(), "the run ended before it could be killed; lengthen it");
        p.destroyForcibly(); // SIGKILL: no handler runs
        p.waitFor(60, TimeUnit.SECONDS);
        long lastSaved = Checkpoint.stepOf(Checkpoint.latest(run).orElseThrow());

        Process resumed = resume(run);
        assertEquals(
                0,
                resumed.waitFor(10, TimeUnit.MINUTES) ? resumed.exitValue() : -1,
                "resume failed: " + Files.readString(tmp.resolve("run.log")));

        History history = History.readCsv(run.resolve("history.csv"));
        TrainConfig config = Run.readConfig(run);
        History reference;
        try (NDManager m = NDManager.newBaseManager();
                Run whole = Run.start(tmp.resolve("whole"), config, TestPaths.mnist(), m)) {
            whole.train();
            reference = whole.trainer().history();
        }
        assertEquals(reference.size(), history.size(), "steps in the resumed history");
        for (int i = 0; i < history.size(); i++) {
            StepRecord r = history.record(i);
            assertEquals(i + 1, r.step(), "missing or duplicated step");
            assertEquals(
                    reference.record(i).value("d_loss"),
                    r.value("d_loss"),
                    0.0,
                    "d_loss at step " + r.step());
            assertEquals(
                    reference.record(i).value("g_loss"),
                    r.value("g_loss"),
                    0.0,
                    "g_loss at step " + r.step());
        }
        assertTrue(lastSaved >= INTERVAL, "a checkpoint existed before the kill");
        String log = Files.readString(tmp.resolve("run.log"));
        assertTrue(log.contains("training"), log);
        System.out.println("killed after the checkpoint of step " + lastSaved + "; resumed to "
                + history.size());
    }

    @Test
    void interruptSavesACheckpointAndStopsCleanly(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Process p = train(run);
        awaitCheckpoint(run, p);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "no clean stop after SIGINT");
        assertEquals(130, p.exitValue());
        History history = History.readCsv(run.resolve("history.csv"));
        long saved = Checkpoint.stepOf(Checkpoint.latest(run).orElseThrow());
        assertEquals(
                history.last().step(), saved, "the stop's checkpoint is at the last step done");
        assertTrue(saved < 128, "the run stopped early");
        assertTrue(Files.readString(tmp.resolve("run.log")).contains("interrupted"));
        // and the stopped run finishes when resumed
        Process resumed = resume(run);
        assertEquals(
                0,
                resumed.waitFor(10, TimeUnit.MINUTES) ? resumed.exitValue() : -1,
                "resume failed: " + Files.readString(tmp.resolve("run.log")));
        assertEquals(128, History.readCsv(run.resolve("history.csv")).size());
    }
}
