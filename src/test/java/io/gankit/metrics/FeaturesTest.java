package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import org.junit.jupiter.api.Test;

class FeaturesTest {
    private final Features three = new Features(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);

    @Test
    void firstKeepsTheLeadingRowsAsACopy() {
        Features two = three.first(2);
        assertEquals(2, two.n());
        assertEquals(2, two.dim());
        assertArrayEquals(new float[] {1, 2, 3, 4}, two.values());
        assertArrayEquals(new float[] {3, 4}, two.row(1));
        two.values()[0] = 99;
        assertEquals(1, three.values()[0], "the rows are copied, the original is untouched");
    }

    @Test
    void firstOfNoneAndOfAllRows() {
        assertEquals(0, three.first(0).n());
        assertEquals(0, three.first(0).values().length);
        assertArrayEquals(three.values(), three.first(3).values());
    }

    @Test
    void firstOfMoreRowsThanThereAreIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> three.first(4));
        assertTrue(e.getMessage().contains("the first 4 of 3 rows"), e.getMessage());
        assertThrows(BadInputException.class, () -> three.first(-1));
    }
}
