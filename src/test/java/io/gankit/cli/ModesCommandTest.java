package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.Shard;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModesCommandTest {
    @Test
    void shardsAreKOfN() {
        assertEquals(new Shard(1, 3), ModesCommand.shard("1/3"));
        for (String bad : List.of("3/3", "-1/2", "1", "a/b", "1/0")) {
            BadInputException e = assertThrows(BadInputException.class, () -> ModesCommand.shard(bad), bad);
            assertTrue(e.getMessage().contains("--shard " + bad), e.getMessage());
        }
    }
}
