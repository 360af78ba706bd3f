package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.ImageSet;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time budget stops a run at the step that spends it, counts a resumed run's earlier time, refuses nonsense. */
class TimeBudgetTest {
    static ImageSet mnist;

    @BeforeAll
    static void load() {
        mnist = TestPaths.mnist(1024);
    }

    @Test
    void aSpentBudgetStopsTheRunAtTheEndOfThatStep() {
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(GanTrainerTest.small(1), mnist, m)) {
            TimeBudget budget = new TimeBudget(1e-9); // spent by any step
            t.addListener(budget);
            assertEquals(TrainListener.Outcome.STOPPED, t.fit());
            assertEquals(1, t.stepsDone());
            assertEquals(1, budget.reachedAt());
        }
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(GanTrainerTest.small(1), mnist, m)) {
            TimeBudget budget = new TimeBudget(3600);
            t.addListener(budget);
            assertEquals(TrainListener.Outcome.FINISHED, t.fit());
            assertEquals(12, t.stepsDone());
            assertEquals(-1, budget.reachedAt());
        }
    }

    @Test
    void aResumedRunIsChargedForItsEarlierSessions(@TempDir Path tmp) {
        Path checkpoint;
        double spent;
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(GanTrainerTest.small(1), mnist, m)) {
            for (int i = 0; i < 3; i++) {
                t.step();
            }
            spent = t.history().record(2).seconds();
            checkpoint = Checkpoint.save(t, tmp, 2);
        }
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<GanGame> t = GanTrainer.create(GanTrainerTest.small(1), mnist, m)) {
            Checkpoint.restore(t, checkpoint);
            // the first three steps already spent this budget: the next step ends the run
            TimeBudget budget = new TimeBudget(spent);
            t.addListener(budget);
            assertEquals(TrainListener.Outcome.STOPPED, t.fit());
            assertEquals(4, t.stepsDone());
            assertEquals(4, budget.reachedAt());
        }
    }

    @Test
    void aBudgetThatIsNotAPositiveNumberIsRefused() {
        for (double s : new double[] {0, -5, Double.NaN, Double.POSITIVE_INFINITY}) {
            BadInputException e = assertThrows(BadInputException.class, () -> new TimeBudget(s));
            assertTrue(e.getMessage().contains("expected a positive number"), e.getMessage());
        }
    }
}
