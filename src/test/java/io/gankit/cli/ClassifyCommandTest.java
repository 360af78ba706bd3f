package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.TestPaths;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The classifier's flags live here, not in the library; these refusals come before any training. */
class ClassifyCommandTest {
    private static int run(String... argv) {
        ClassifyCommand c = new ClassifyCommand();
        return c.run(ClassifyCommand.FLAGS.parse(argv));
    }

    @Test
    void buildIsTheOnlySwitch() {
        assertEquals(
                Set.of("build"),
                ClassifyCommand.FLAGS.all().stream()
                        .filter(Flag::isSwitch)
                        .map(Flag::name)
                        .collect(Collectors.toSet()));
    }

    @Test
    void badCombinationsAreRefusedByName() {
        String data = TestPaths.data().toString();
        BadInputException e = assertThrows(
                BadInputException.class, () -> run("--build", "runs/x", "--data", data));
        assertTrue(
                e.getMessage().contains("takes no run folder") && e.getMessage().contains("runs/x"),
                e.getMessage());
        e = assertThrows(
                BadInputException.class, () -> run("--build", "--epochs", "0", "--data", data));
        assertTrue(
                e.getMessage().contains("--epochs 0") && e.getMessage().contains("at least 1"),
                e.getMessage());
        e = assertThrows(
                BadInputException.class, () -> run("--build", "--epoch", "2", "--data", data));
        assertTrue(e.getMessage().contains("epoch"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run("--data", data));
        assertTrue(e.getMessage().contains("one run folder"), e.getMessage());
    }
}
