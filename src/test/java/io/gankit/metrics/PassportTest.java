package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.gankit.BadInputException;
import org.junit.jupiter.api.Test;

class PassportTest {
    static Passport.Builder base(long nReal, long nGen) {
        return Passport.builder()
                .setDetector("inception-2015-12-05.pt", "ab12")
                .setReal(nReal, "real folder")
                .setGenerated(nGen, "run x")
                .setFeatureDim(2048);
    }

    @Test
    void warnsBelowFeatureDimensionAndBelowTenThousand() {
        assertEquals(4, base(300, 1000).build().warnings().size());
        Passport p = base(5000, 50_000).build();
        assertEquals(1, p.warnings().size());
        assertTrue(
                p.warnings().get(0).contains("N real = 5000 is below 10000"),
                p.warnings().get(0));
        assertTrue(base(10_000, 50_000).build().warnings().isEmpty());
        // a statistics file without a count gives no warning for that side
        assertTrue(base(0, 10_000).build().warnings().isEmpty());
    }

    @Test
    void missingRequiredFieldsSayWhatToCall() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> Passport.builder()
                        .setReal(1, "a")
                        .setGenerated(1, "b")
                        .setFeatureDim(1)
                        .build());
        assertTrue(e.getMessage().contains("setDetector"), e.getMessage());
        e = assertThrows(
                BadInputException.class,
                () -> Passport.builder().setDetector("d", "s").setFeatureDim(1).build());
        assertTrue(e.getMessage().contains("setReal"), e.getMessage());
    }

    @Test
    void textAndJsonCarryEveryField() {
        Passport p = base(300, 20_000)
                .optImageSize("3x32x32")
                .optSqrtMethod(FrechetDistance.SQRT_METHOD)
                .optQuantisation(Quantization.DESCRIPTION)
                .optSeed(42)
                .build();
        Score s = Score.of("FID", 12.5, p);
        String text = s.toText();
        assertTrue(text.startsWith("FID 12.5000\n"), text);
        for (String part : new String[] {
            "inception-2015-12-05.pt",
            "sha256 ab12",
            "300 images: real folder",
            "20000 images: run x",
            "3x32x32",
            "eigh",
            "127.5",
            "42",
            "WARNING: N real = 300"
        }) {
            assertTrue(text.contains(part), part + " missing from\n" + text);
        }
        JsonObject json = JsonParser.parseString(s.toJson()).getAsJsonObject();
        assertEquals(12.5, json.get("value").getAsDouble());
        assertFalse(json.has("std"));
        JsonObject pj = json.getAsJsonObject("passport");
        assertEquals("ab12", pj.get("detector_sha256").getAsString());
        assertEquals(300, pj.get("n_real").getAsLong());
        assertEquals(42, pj.get("seed").getAsLong());
        assertEquals(2, pj.getAsJsonArray("warnings").size());
        Score kid = new Score("KID", 0.01, 0.002, base(20_000, 20_000).build());
        assertTrue(kid.toText().startsWith("KID 0.0100000 +- 0.00200"), kid.toText());
        assertTrue(JsonParser.parseString(kid.toJson())
                .getAsJsonObject()
                .get("passport")
                .getAsJsonObject()
                .get("seed")
                .isJsonNull());
    }
}
