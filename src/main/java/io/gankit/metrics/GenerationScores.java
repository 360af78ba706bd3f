package io.gankit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.data.ImageSet;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The table that compares generators of one data set: for each, the FID and the Inception Score of
 * {@code n} of its images through one detector, the FID against held-out test images. Its first
 * row is real training images scored the same way, the floor a generator can reach with {@code n}
 * images. With the kit's domain classifier the columns are <b>domain</b> FID and IS, which the
 * table's name says: they rank models of one data set, they are not Inception's numbers.
 */
public final class GenerationScores {
    private GenerationScores() {}

    /** A generator (or any source of images) by the name its row shows. */
    public record Entry(String name, SampleSource source) {}

    /**
     * Scores {@code n} images of each entry and of {@code real} (its first {@code n}) against
     * {@code reference} through {@code detector}: columns {@code model, images, fid, is} (IS with
     * {@value InceptionScore#DEFAULT_SPLITS} splits).
     */
    public static Table of(
            List<Entry> entries, ImageSet real, ImageSet reference, Detector detector, int n) {
        if (n < InceptionScore.DEFAULT_SPLITS || real.size() < n) {
            throw new BadInputException(n + " images to score with " + real.size() + " real ones"
                    + " (" + real.name() + "); expected at least " + InceptionScore.DEFAULT_SPLITS
                    + " (the IS splits) and no more than the real images");
        }
        StringColumn names = StringColumn.create("model");
        IntColumn images = IntColumn.create("images");
        DoubleColumn fid = DoubleColumn.create("fid");
        DoubleColumn is = DoubleColumn.create("is");
        try (NDManager manager = NDManager.newBaseManager()) {
            Features ref = detector.features(reference.uint8(manager));
            score(detector, ref, real.limit(n).uint8(manager), fid, is);
            names.append(real.name() + " (real, the floor)");
            images.append(n);
            for (Entry e : entries) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray drawn = e.source().next(scope, n);
                    score(detector, ref, drawn, fid, is);
                    names.append(e.name());
                    images.append(Math.toIntExact(drawn.getShape().get(0)));
                }
            }
        }
        return Table.create(
                "generation scores, " + detector.name() + ", against " + reference.size()
                        + " images of " + reference.name(),
                names,
                images,
                fid,
                is);
    }

    private static void score(
            Detector detector,
            Features reference,
            NDArray images,
            DoubleColumn fid,
            DoubleColumn is) {
        fid.append(FrechetDistance.between(detector.features(images), reference));
        is.append(InceptionScore.of(detector.probabilities(images), InceptionScore.DEFAULT_SPLITS)
                .mean());
    }
}
