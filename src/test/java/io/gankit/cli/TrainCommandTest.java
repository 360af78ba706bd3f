package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @Test
    void aResumedRunReadsTheDataFolderItRecorded(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectory(tmp.resolve("my-data"));
        Path run = Files.createDirectory(tmp.resolve("run"));
        Files.writeString(run.resolve(TrainCommand.DATA_FOLDER_FILE), data + "\n");
        assertEquals(data, TrainCommand.dataFolder(null, run).root());
        Path other = Files.createDirectory(tmp.resolve("other"));
        assertEquals(other, TrainCommand.dataFolder(other, run).root(), "--data wins");
        Files.writeString(run.resolve(TrainCommand.DATA_FOLDER_FILE), tmp.resolve("gone") + "\n");
        assertEquals(
                io.gankit.data.DataFolder.resolve(null).root(),
                TrainCommand.dataFolder(null, run).root(),
                "a recorded folder that is gone falls back to the usual one");
    }

    @Test
    void eachModelTrainsWithItsOwnBatchSizeByDefault() {
        Args none = TrainCommand.FLAGS.parse();
        assertEquals(128, TrainCommand.config(none, "mnist").batchSize());
        Args cifar = TrainCommand.FLAGS.parse("--model", "cifar-seed");
        assertEquals(32, TrainCommand.config(cifar, "cifar10").batchSize());
        Args dcgan = TrainCommand.FLAGS.parse("--model", "dcgan", "--batch", "16");
        assertEquals(16, TrainCommand.config(dcgan, "cifar10").batchSize());
    }
}
