package io.gankit.experiment;

import ai.djl.ndarray.NDManager;

import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.metrics.DomainClassifier;
import io.gankit.metrics.Features;
import io.gankit.metrics.TrainingScores;
import io.gankit.train.TrainListener;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The scores of an experiment's runs ({@code "score"} in its file): for each data set the kit's
 * domain classifier (trained once and cached; a stand-in for the standard Inception, and named so
 * in every score) and the features of the first {@code samples} test images as the reference; each
 * run gets a {@link TrainingScores} listener writing into its own folder.
 */
public final class DomainScoring implements AutoCloseable {
    private final Experiment.Scoring scoring;
    private final DataFolder data;
    private final Path cache;
    private final PrintStream log;
    private final NDManager manager = NDManager.newBaseManager();
    private final Map<String, DomainClassifier> detectors = new HashMap<>();
    private final Map<String, Features> references = new HashMap<>();

    /**
     * @param cache where trained classifiers are kept
     * @param log where training a classifier reports (may be null)
     */
    public DomainScoring(Experiment.Scoring scoring, DataFolder data, Path cache, PrintStream log) {
        this.scoring = scoring;
        this.data = data;
        this.cache = cache;
        this.log = log;
    }

    /** The classifier of {@code dataset}, trained and cached on first use. */
    public DomainClassifier detector(String dataset) {
        return detectors.computeIfAbsent(
                dataset, d -> DomainClassifier.cached(d, data, cache, log));
    }

    /** The scoring listener of the run in {@code runDir}, which trains on {@code dataset}. */
    public TrainListener listener(String dataset, Path runDir) {
        DomainClassifier detector = detector(dataset);
        Features reference = references.computeIfAbsent(dataset, d -> {
            ImageSet test = Datasets.load(d, Datasets.Split.TEST, data).limit(scoring.samples());
            try (NDManager scope = manager.newSubManager()) {
                return detector.features(test.uint8(scope));
            }
        });
        return TrainingScores.builder()
                .setDetector(detector)
                .setReference(reference)
                .optEvery(scoring.every())
                .optSamples(scoring.samples())
                .optRunFolder(runDir)
                .build();
    }

    @Override
    public void close() {
        detectors.values().forEach(DomainClassifier::close);
        manager.close();
    }
}
