package io.gankit.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {
    static Path write(Path dir, String text) throws IOException {
        Path f = dir.resolve("study.json");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theGridExpandsAsWrittenCellsTimesSeeds(@TempDir Path tmp) throws IOException {
        Experiment e = Experiment.read(write(tmp, """
                // two losses x three learning rates, two seeds
                {"name": "loss-study", "base": {"dataset": "mnist", "epochs": 3},
                 "grid": {"loss": ["minimax", "non-saturating"], "learningRate": [1e-4, 2e-4, 5e-4]},
                 "seeds": [7, 9]}
                """));
        List<Experiment.Cell> cells = e.cells();
        assertEquals(6, cells.size());
        assertEquals(12, e.runs().size());
        assertEquals("loss=minimax,learningRate=1e-4", cells.get(0).name());
        assertEquals(
                "loss=minimax,learningRate=5e-4",
                cells.get(2).name(),
                "the last key varies fastest");
        assertEquals("loss=non-saturating,learningRate=1e-4", cells.get(3).name());
        assertEquals(List.of(7L, 9L), e.seeds());
        Experiment.RunKey second = e.runs().get(1);
        assertEquals(cells.get(0), second.cell());
        assertEquals(9, second.seed());
        assertEquals(tmp.resolve("loss=minimax,learningRate=1e-4/seed-9"), second.folder(tmp));

        TrainConfig c = e.config(cells.get(5), 9);
        assertEquals("non-saturating", c.loss());
        assertEquals(5e-4, c.learningRateD());
        assertEquals(5e-4, c.learningRateG());
        assertEquals(3, c.epochs(), "base applies");
        assertEquals(9, c.seed());
        assertEquals(TrainConfig.builder().build().batchSize(), c.batchSize(), "defaults apply");
    }

    @Test
    void aModelNameBringsItsDefaultBatchUnlessTheBatchIsGiven(@TempDir Path tmp)
            throws IOException {
        Experiment e = Experiment.read(write(tmp, """
                {"base": {"model": "dcgan", "dataset": "cifar10", "latent": 64}, "grid": {"criticSteps": [1, 5]}, "seeds": 2}
                """));
        assertEquals("study", e.name(), "named after its file");
        TrainConfig c = e.config(e.cells().get(1), 1);
        assertEquals("dcgan", c.model().architecture());
        assertEquals(64, c.model().latent());
        assertEquals(64, c.batchSize(), "DCGAN's default batch");
        assertEquals(5, c.criticSteps());
        assertEquals(List.of(1L, 2L), e.seeds());
        Experiment given = Experiment.read(write(tmp, """
                {"base": {"model": "dcgan", "batchSize": 16}}
                """));
        assertEquals(16, given.config(given.cells().get(0), 1).batchSize());
        assertEquals("base", given.cells().get(0).name(), "no grid: one cell");
    }

    @Test
    void badSettingsAreRefusedNamingTheFileTheKeyAndWhatIsExpected(@TempDir Path tmp)
            throws IOException {
        BadInputException unknown = assertThrows(
                BadInputException.class,
                () -> Experiment.read(write(tmp, "{\"grid\": {\"lr\": [1e-4]}}")));
        assertTrue(
                unknown.getMessage().contains("study.json")
                        && unknown.getMessage().contains("'lr'")
                        && unknown.getMessage().contains("learningRate"),
                unknown.getMessage());
        BadInputException seed = assertThrows(
                BadInputException.class,
                () -> Experiment.read(write(tmp, "{\"base\": {\"seed\": 3}}")));
        assertTrue(seed.getMessage().contains("\"seeds\""), seed.getMessage());
        BadInputException type = assertThrows(
                BadInputException.class,
                () -> Experiment.read(write(tmp, "{\"base\": {\"epochs\": \"many\"}}")));
        assertTrue(
                type.getMessage().contains("epochs") && type.getMessage().contains("many"),
                type.getMessage());
        BadInputException range = assertThrows(
                BadInputException.class,
                () -> Experiment.read(write(tmp, "{\"grid\": {\"beta1\": [0.5, 1.5]}}")));
        assertTrue(
                range.getMessage().contains("beta1=1.5") && range.getMessage().contains("[0, 1)"),
                range.getMessage());
        BadInputException arch = assertThrows(
                BadInputException.class,
                () -> Experiment.read(write(tmp, "{\"base\": {\"model\": \"resnet\"}}")));
        assertTrue(
                arch.getMessage().contains("resnet") && arch.getMessage().contains("dcgan"),
                arch.getMessage());
        BadInputException empty = assertThrows(
                BadInputException.class,
                () -> Experiment.read(write(tmp, "{\"grid\": {\"loss\": []}}")));
        assertTrue(empty.getMessage().contains("non-empty list"), empty.getMessage());
        BadInputException seeds = assertThrows(
                BadInputException.class, () -> Experiment.read(write(tmp, "{\"seeds\": [1, 1]}")));
        assertTrue(seeds.getMessage().contains("none twice"), seeds.getMessage());
        BadInputException top = assertThrows(
                BadInputException.class, () -> Experiment.read(write(tmp, "{\"grids\": {}}")));
        assertTrue(top.getMessage().contains("'grids'"), top.getMessage());
    }
}
