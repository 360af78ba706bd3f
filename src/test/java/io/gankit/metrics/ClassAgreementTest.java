package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassAgreementTest {
    @Test
    void agreementByHand() {
        // Three classes; rows are probabilities. Requested 0,0,1,2: row 1 is classified as 1 (a
        // miss).
        float[] p = {
            0.7f, 0.2f, 0.1f,
            0.3f, 0.6f, 0.1f,
            0.1f, 0.8f, 0.1f,
            0.2f, 0.2f, 0.6f
        };
        ClassAgreement a = ClassAgreement.of(new int[] {0, 0, 1, 2}, new Features(p, 4, 3));
        assertEquals(0.75, a.overall(), 1e-12);
        assertEquals(0.5, a.perClass()[0], 1e-12);
        assertEquals(1.0, a.perClass()[1], 1e-12);
        assertEquals(1.0, a.perClass()[2], 1e-12);
        assertEquals(2, a.samplesPerClass());
        assertTrue(a.toText(List.of("a", "b", "c")).contains("75.00%"));
    }

    @Test
    void mismatchedOrOutOfRangeLabelsAreRefused() {
        Features f = new Features(new float[] {1, 0}, 1, 2);
        assertThrows(BadInputException.class, () -> ClassAgreement.of(new int[] {0, 1}, f));
        assertThrows(BadInputException.class, () -> ClassAgreement.of(new int[] {2}, f));
    }
}
