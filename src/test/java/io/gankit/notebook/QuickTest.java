package io.gankit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QuickTest {
    private static final String LIMIT = "GANKIT_TEST_LIMIT";

    @AfterEach
    void clear() {
        System.clearProperty(LIMIT);
        System.clearProperty(Quick.FLAG);
        System.clearProperty(Quick.SIZE);
    }

    @Test
    void fullValueUnlessQuickModeOrAnExplicitLimit() {
        assertEquals(20, Quick.limit(LIMIT, 20, 1));
        System.setProperty(Quick.FLAG, "1");
        assertTrue(Quick.on());
        assertEquals(1, Quick.limit(LIMIT, 20, 1));
        System.setProperty(LIMIT, "7");
        assertEquals(7, Quick.limit(LIMIT, 20, 1), "an explicit limit wins over quick mode");
        System.setProperty(Quick.FLAG, "false");
        assertFalse(Quick.on());
    }

    @Test
    void theSizeChoosesAmongFullLabAndQuick() {
        assertEquals(Quick.Size.FULL, Quick.size());
        assertEquals(20, Quick.limit(LIMIT, 20, 6, 2));
        System.setProperty(Quick.SIZE, "lab");
        assertEquals(6, Quick.limit(LIMIT, 20, 6, 2));
        assertEquals(20, Quick.limit(LIMIT, 20, 2), "without a lab value, lab runs the full size");
        assertFalse(Quick.on());
        System.setProperty(Quick.FLAG, "1");
        assertEquals(6, Quick.limit(LIMIT, 20, 6, 2), "GANKIT_SIZE wins over GANKIT_QUICK");
        System.setProperty(Quick.SIZE, "Quick");
        assertEquals(2, Quick.limit(LIMIT, 20, 6, 2));
        assertTrue(Quick.on());
        System.setProperty(LIMIT, "7");
        assertEquals(7, Quick.limit(LIMIT, 20, 6, 2), "an explicit limit wins over the size");
        System.setProperty(Quick.SIZE, "medium");
        BadInputException e = assertThrows(BadInputException.class, Quick::size);
        assertEquals("GANKIT_SIZE=medium: expected quick, lab or full", e.getMessage());
    }

    @Test
    void badLimitNamesTheVariable() {
        System.setProperty(LIMIT, "lots");
        BadInputException e =
                assertThrows(BadInputException.class, () -> Quick.limit(LIMIT, 20, 1));
        assertEquals(LIMIT + "=lots: expected a whole number", e.getMessage());
    }

    @Test
    void environmentIsCopiedWithoutOverridingProperties() {
        Properties properties = new Properties();
        properties.setProperty("MAX_STEPS", "9");
        Quick.copyEnvironment(
                Map.of("MAX_EPOCH", "2", "MAX_STEPS", "100", "HOME", "/root"), properties);
        assertEquals("2", properties.getProperty("MAX_EPOCH"));
        assertEquals("9", properties.getProperty("MAX_STEPS"));
        assertEquals(null, properties.getProperty("HOME"), "only the kit's variables are copied");
    }
}
