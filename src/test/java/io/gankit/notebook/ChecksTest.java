package io.gankit.notebook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChecksTest {
    @Test
    void aFailedCheckSaysItsFormattedMessage() {
        assertDoesNotThrow(() -> Checks.require(true, "never shown"));
        assertEquals(
                "FID(x, x) = 0.25",
                assertThrows(
                                AssertionError.class,
                                () -> Checks.require(false, "FID(x, x) = " + 0.25))
                        .getMessage());
        assertEquals(
                "loss 1.50 at step 7",
                assertThrows(
                                AssertionError.class,
                                () -> Checks.require(1.5 < 1, "loss %.2f at step %d", 1.5, 7))
                        .getMessage());
        assertEquals(
                "100% as is",
                assertThrows(AssertionError.class, () -> Checks.require(false, "100% as is"))
                        .getMessage());
    }
}
