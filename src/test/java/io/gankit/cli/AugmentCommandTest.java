package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.experiment.Augmentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentCommandTest {
    @Test
    void labelsAreAListOfCountsWithTheExperimentsDefaults() {
        Args none = AugmentCommand.FLAGS.parse();
        assertEquals(Augmentation.LABELS, none.get(AugmentCommand.LABELS));
        assertEquals(Augmentation.SEEDS, none.get(AugmentCommand.SEEDS));
        assertEquals(Augmentation.GAN_STEPS, none.get(AugmentCommand.GAN_STEPS));
        assertEquals(
                List.of(100, 1000, 2000),
                AugmentCommand.FLAGS
                        .parse("--labels", "100, 1_000,2000")
                        .get(AugmentCommand.LABELS));
        for (String bad : List.of("100,abc", "100,,1000", "0", "-10", "")) {
            BadInputException e = assertThrows(
                    BadInputException.class,
                    () -> AugmentCommand.FLAGS.parse("--labels=" + bad),
                    bad);
            assertTrue(
                    e.getMessage()
                            .endsWith(": expected positive whole numbers, comma-separated,"
                                    + " such as 100,1000"),
                    e.getMessage());
            assertTrue(e.getMessage().startsWith("--labels "), e.getMessage());
        }
        assertThrows(
                BadInputException.class,
                () -> AugmentCommand.FLAGS.parse("--dataset", "cifar10"),
                "the classifier takes 28x28 grayscale only");
    }

    @Test
    void workersGetTheSameFlagsButTheirOwnShardAndFolder() {
        Args args = AugmentCommand.FLAGS.parse(
                "--quick", "--labels", "100", "--workers", "2", "--out", "x", "--gan-steps", "7");
        List<String> same = args.given(
                List.of(AugmentCommand.WORKERS, AugmentCommand.SHARD, AugmentCommand.OUT));
        assertEquals(List.of("--quick=true", "--labels", "100", "--gan-steps", "7"), same);
        BadInputException both = assertThrows(
                BadInputException.class,
                () -> new AugmentCommand()
                        .run(AugmentCommand.FLAGS.parse("--workers", "2", "--shard", "1/2")));
        assertTrue(both.getMessage().contains("--shard 1/2 with --workers 2"), both.getMessage());
    }

    @Test
    void aCountTheDataCannotBalanceIsRefusedBeforeAnythingTrains(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("out");
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> new AugmentCommand()
                        .run(AugmentCommand.FLAGS.parse(
                                "--labels",
                                "100,105",
                                "--data",
                                TestPaths.data().toString(),
                                "--out",
                                out.toString())));
        assertTrue(
                e.getMessage()
                        .contains("a balanced sample of 105 images; expected a positive "
                                + "multiple of the 10 classes"),
                e.getMessage());
        assertTrue(Files.notExists(out), "nothing written");
    }
}
