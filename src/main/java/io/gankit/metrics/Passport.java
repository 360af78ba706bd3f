package io.gankit.metrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.gankit.BadInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to reproduce or compare a score: which network (name and SHA-256 of its file),
 * how many real and generated images, their size and how they were resized and quantised, how the
 * matrix square root was taken and which seed drew the samples. Scores with different passports
 * are not comparable; {@link #warnings()} says when a score is biased by its sample counts.
 *
 * <pre>{@code
 * Passport p = Passport.builder()
 *         .setDetector(inception.name(), inception.sha256())
 *         .setReal(10_000, "folder data/cifar-png")
 *         .setGenerated(10_000, "run runs/dcgan, step 50000")
 *         .setFeatureDim(2048)
 *         .optImageSize("3x32x32")
 *         .optSqrtMethod(FrechetDistance.SQRT_METHOD)
 *         .optSeed(42)
 *         .build();
 * }</pre>
 */
public record Passport(
        String detector,
        String detectorSha256,
        long nReal,
        String realSource,
        long nGenerated,
        String generatedSource,
        int featureDim,
        String imageSize,
        String resizing,
        String quantisation,
        String sqrtMethod,
        Long seed,
        List<String> warnings) {

    /** Sample count below which FID's bias is large enough to matter across papers. */
    public static final int RECOMMENDED_N = 10_000;
    /** What StyleGAN's TorchScript Inception does with images of any size. */
    public static final String DETECTOR_RESIZE =
            "none by the kit; the detector resizes to 299x299 (bilinear) inside";

    public Passport {
        warnings = List.copyOf(warnings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with the detector's name and SHA-256 filled in. */
    public static Builder forDetector(Detector detector) {
        return builder()
                .setDetector(detector.name(), detector.sha256())
                .optResizing(detector.resizing());
    }

    /** Builds a passport; set* values are required, opt* ones have defaults ("not recorded"). */
    public static final class Builder {
        private String detector;
        private String sha256;
        private Long nReal;
        private String realSource;
        private Long nGenerated;
        private String generatedSource;
        private Integer featureDim;
        private String imageSize = "not recorded";
        private String resizing = "not recorded";
        private String quantisation = "none: images read as stored (uint8)";
        private String sqrtMethod = "n/a";
        private Long seed;

        private Builder() {}

        /** The detector's name and the SHA-256 of its file ("unknown" if scores come from statistics files). */
        public Builder setDetector(String name, String sha256) {
            this.detector = name;
            this.sha256 = sha256;
            return this;
        }

        /** Number of real images (0 if the real side is a statistics file that does not record it). */
        public Builder setReal(long n, String source) {
            this.nReal = n;
            this.realSource = source;
            return this;
        }

        /** Number of generated images (0 if none, e.g. the Inception Score of real images). */
        public Builder setGenerated(long n, String source) {
            this.nGenerated = n;
            this.generatedSource = source;
            return this;
        }

        public Builder setFeatureDim(int dim) {
            this.featureDim = dim;
            return this;
        }

        /** C x H x W of the images given to the detector. */
        public Builder optImageSize(String size) {
            this.imageSize = size;
            return this;
        }

        public Builder optResizing(String resizing) {
            this.resizing = resizing;
            return this;
        }

        /** How float images became bytes, e.g. {@link Quantization#DESCRIPTION}. */
        public Builder optQuantisation(String quantisation) {
            this.quantisation = quantisation;
            return this;
        }

        /** How the matrix square root was taken (FID), e.g. {@link FrechetDistance#SQRT_METHOD}. */
        public Builder optSqrtMethod(String method) {
            this.sqrtMethod = method;
            return this;
        }

        /** Seed of the generator's noise or of KID's subsets. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Passport build() {
            if (detector == null || sha256 == null) {
                throw new BadInputException(
                        "passport without a detector: call setDetector(name, sha256)");
            }
            if (nReal == null || nGenerated == null) {
                throw new BadInputException(
                        "passport without sample counts: call setReal(n, source) and "
                                + "setGenerated(n, source) (0 where a side has none)");
            }
            if (featureDim == null || featureDim < 1) {
                throw new BadInputException(
                        "passport without the feature dimension: call setFeatureDim(d)");
            }
            List<String> warnings = new ArrayList<>();
            warn(warnings, "real", nReal, featureDim);
            warn(warnings, "generated", nGenerated, featureDim);
            return new Passport(
                    detector,
                    sha256,
                    nReal,
                    realSource,
                    nGenerated,
                    generatedSource,
                    featureDim,
                    imageSize,
                    resizing,
                    quantisation,
                    sqrtMethod,
                    seed,
                    warnings);
        }

        private static void warn(List<String> warnings, String side, long n, int dim) {
            if (n <= 0) {
                return;
            }
            if (n < dim) {
                warnings.add("N " + side + " = " + n + " is below the feature dimension " + dim
                        + ": the covariance is singular and FID is strongly biased upwards");
            }
            if (n < RECOMMENDED_N) {
                warnings.add(
                        "N " + side + " = " + n + " is below " + RECOMMENDED_N
                                + ": FID and KID depend on N; compare only scores computed with the same N");
            }
        }
    }

    /** Indented lines, one field per line, warnings last. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        line(b, "detector", detector + " (sha256 " + detectorSha256 + ")");
        line(b, "real", nReal + " images" + (realSource == null ? "" : ": " + realSource));
        line(
                b,
                "generated",
                nGenerated + " images" + (generatedSource == null ? "" : ": " + generatedSource));
        line(b, "features", featureDim + " per image");
        line(b, "image size", imageSize);
        line(b, "resizing", resizing);
        line(b, "quantisation", quantisation);
        line(b, "square root", sqrtMethod);
        line(b, "seed", seed == null ? "none" : seed.toString());
        for (String w : warnings) {
            b.append("  WARNING: ").append(w).append('\n');
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append("  ").append(String.format("%-13s", key)).append(value).append('\n');
    }

    /** The passport as a JSON object (for {@code summary.json} and notebooks). */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("detector", detector);
        o.addProperty("detector_sha256", detectorSha256);
        o.addProperty("n_real", nReal);
        o.addProperty("real_source", realSource);
        o.addProperty("n_generated", nGenerated);
        o.addProperty("generated_source", generatedSource);
        o.addProperty("feature_dim", featureDim);
        o.addProperty("image_size", imageSize);
        o.addProperty("resizing", resizing);
        o.addProperty("quantisation", quantisation);
        o.addProperty("sqrt_method", sqrtMethod);
        o.addProperty("seed", seed);
        JsonArray w = new JsonArray();
        warnings.forEach(w::add);
        o.add("warnings", w);
        return o;
    }
}
