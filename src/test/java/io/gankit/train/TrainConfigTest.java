package io.gankit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import org.junit.jupiter.api.Test;

class TrainConfigTest {

    private static TrainConfig batchOf(int batch, int limit) {
        return TrainConfig.builder()
                .optBatchSize(batch)
                .optLimit(limit)
                .optEpochs(3)
                .build();
    }

    @Test
    void aRunLastingStepsHasTheEpochsThoseStepsTakeAndStopsAtThem() {
        // 1,000 images in batches of 64: 15 full batches an epoch (the short 16th is dropped)
        TrainConfig config = batchOf(64, 0).lasting(100, 1000);
        assertEquals(7, config.epochs()); // 6 epochs are 90 steps, 7 are 105
        assertEquals(100, config.maxSteps());
        assertEquals(64, config.batchSize());
    }

    @Test
    void theImageLimitSetsTheStepsOfAnEpoch() {
        TrainConfig config = batchOf(64, 200).lasting(100, 1000); // 3 batches an epoch
        assertEquals(34, config.epochs());
        assertEquals(100, config.maxSteps());
    }

    @Test
    void fewerImagesThanABatchStillMakeOneStepAnEpoch() {
        assertEquals(10, batchOf(64, 0).lasting(10, 20).epochs());
    }

    @Test
    void aCriticStepTakesABatchSoAnEpochHasFewerSteps() {
        TrainConfig wgan =
                TrainConfig.builder().optBatchSize(64).optCriticSteps(5).build();
        assertEquals(3, wgan.stepsPerEpoch(1000, 5)); // 15 batches, 5 a step
        assertEquals(34, wgan.lasting(100, 1000).epochs());
    }

    @Test
    void aVeryLongRunIsCappedAtTheLargestEpochCount() {
        TrainConfig config = batchOf(1, 0).lasting(Long.MAX_VALUE / 2, 1);
        assertEquals(Integer.MAX_VALUE, config.epochs());
        assertEquals(Long.MAX_VALUE / 2, config.maxSteps());
    }

    @Test
    void aRunOfNoStepsIsRefusedSayingWhatIsExpected() {
        BadInputException e =
                assertThrows(BadInputException.class, () -> batchOf(64, 0).lasting(0, 1000));
        assertTrue(e.getMessage().contains("0 steps"), e.getMessage());
    }
}
