package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.loss.ContentLoss;
import io.gankit.loss.FeatureMap;
import io.gankit.train.GanTrainer;
import io.gankit.train.History;
import io.gankit.train.SuperResolutionGame;
import io.gankit.train.TrainConfig;
import io.gankit.train.TrainListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The domain classifier as SRGAN's content features: the same values as {@link
 * DomainClassifier#features} on the same images, a gradient that reaches the images, and a
 * classifier that neither changes nor gathers gradients while a generator learns through it.
 */
class ClassifierFeatureMapTest {
    static ImageSet fashion;
    static ImageSet held;
    static DomainClassifier classifier;

    @BeforeAll
    static void train() {
        fashion = Datasets.load("fashion-mnist", Datasets.Split.TRAIN, TestPaths.dataFolder())
                .limit(480);
        held = Datasets.load("fashion-mnist", Datasets.Split.TEST, TestPaths.dataFolder())
                .limit(6);
        // a few steps: the values do not matter here, only that the adapter computes the network's
        classifier = DomainClassifier.trainSteps("fashion-mnist-cnn", fashion, 6, 1, null);
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    static List<float[]> parameters() {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> p : classifier.network().getParameters()) {
            values.add(p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    static void assertUnchanged(List<float[]> before) {
        List<float[]> after = parameters();
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "classifier parameter " + i);
        }
    }

    @Test
    void theFeaturesOfSignedImagesEqualThoseOfTheirBytes() {
        FeatureMap map = classifier.featureMap();
        assertTrue(map.name().contains("fashion-mnist-cnn"), map.name());
        int[] all = {0, 1, 2, 3, 4, 5};
        try (NDManager m = NDManager.newBaseManager()) {
            Features expected = classifier.features(held.uint8(m));
            NDArray signed = held.batch(m, all);
            NDArray f = map.apply(signed);
            assertEquals(new Shape(6, DomainClassifier.FEATURES), f.getShape());
            float[] actual = f.toFloatArray();
            float[] want = expected.values();
            assertEquals(want.length, actual.length);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], actual[i], 1e-4f * Math.max(1f, Math.abs(want[i])), "" + i);
            }
            BadInputException wrong = assertThrows(
                    BadInputException.class, () -> map.apply(m.zeros(new Shape(2, 3, 32, 32))));
            assertTrue(wrong.getMessage().contains("(n, 1, 28, 28)"), wrong.getMessage());
        }
    }

    @Test
    void aBackwardReachesTheImagesAndLeavesTheClassifierAsItWas() {
        FeatureMap map = classifier.featureMap();
        List<float[]> before = parameters();
        int[] all = {0, 1, 2, 3, 4, 5};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = held.batch(m, all);
            x.setRequiresGradient(true);
            try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                g.backward(map.apply(x).square().mean());
            }
            try (NDArray grad = x.getGradient()) {
                assertEquals(x.getShape(), grad.getShape());
                assertTrue(grad.abs().sum().getFloat() > 0, "a gradient reaches the images");
            }
        }
        assertUnchanged(before);
        // the feature layers (the network's first child; the head is off the path) are frozen
        for (Pair<String, Parameter> p :
                classifier.network().getChildren().get(0).getValue().getParameters()) {
            assertFalse(p.getValue().getArray().hasGradient(), p.getKey() + " gathers no gradient");
        }
    }

    @Test
    void srganLearnsThroughTheClassifierWithoutChangingIt() {
        List<float[]> before = parameters();
        TrainConfig config = TrainConfig.builder()
                .setDataset("fashion-mnist")
                .optBatchSize(16)
                .optEpochs(1)
                .optMaxSteps(4)
                .optSeed(3)
                .build();
        SuperResolutionGame.Builder builder = SuperResolutionGame.builder()
                .setHeldImages(held.limit(4))
                .setPretrainSteps(2)
                .optGenerator(8, 1)
                .optDiscriminator(8, 4, 16)
                .optLearningRate(1e-3)
                .optContentLoss(ContentLoss.features(classifier.featureMap(), 1.0))
                .optSeed(3);
        try (NDManager m = NDManager.newBaseManager();
                GanTrainer<SuperResolutionGame> t =
                        GanTrainer.create(config, fashion, m, builder::build)) {
            assertEquals(TrainListener.Outcome.FINISHED, t.fit());
            History h = t.history();
            assertEquals(4, h.size());
            for (int i = 0; i < 4; i++) {
                double content = h.record(i).value("content");
                assertTrue(Double.isFinite(content) && content > 0, "content " + content);
            }
            assertTrue(h.record(3).value("adversarial") > 0, "the adversarial phase ran");
        }
        assertUnchanged(before);
    }
}
