package io.gankit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import io.gankit.TestPaths;
import org.junit.jupiter.api.Test;

/** LAPGAN's pyramid: the 2x2 mean, bilinear doubling as PyTorch's, and exact reconstruction. */
class PyramidTest {
    @Test
    void downIsTheMeanOfEach2x2Block() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(
                    new float[] {1, 3, 10, 20, 5, 7, 30, 40, 0, 0, -1, 1, 0, 4, 2, 2},
                    new Shape(1, 1, 4, 4));
            assertArrayEquals(new float[] {4, 25, 1, 1}, Pyramid.down(x).toFloatArray(), 0f);
            assertEquals(new Shape(1, 1, 2, 2), Pyramid.down(x).getShape());
        }
    }

    @Test
    void upIsBilinearAsPyTorchInterpolatesWithoutAlignedCorners() {
        // torch.nn.functional.interpolate([[0, 4], [8, 12]], scale_factor=2, mode="bilinear",
        // align_corners=False): each new pixel 3/4 of its nearer and 1/4 of its farther neighbour,
        // the edge pixel repeated beyond the border
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 4, 8, 12}, new Shape(1, 1, 2, 2));
            float[] expected = {0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12};
            NDArray up = Pyramid.up(x);
            assertEquals(new Shape(1, 1, 4, 4), up.getShape());
            assertArrayEquals(expected, up.toFloatArray(), 0f);
            // a constant image stays constant, channels and batch entries apart
            NDArray flat = m.ones(new Shape(2, 3, 4, 5))
                    .mul(m.create(new float[] {1, 2, 3}).reshape(1, 3, 1, 1));
            NDArray upFlat = Pyramid.up(flat);
            assertEquals(new Shape(2, 3, 8, 10), upFlat.getShape());
            assertArrayEquals(Pyramid.down(upFlat).toFloatArray(), flat.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aCifarBatchIsItsCoarsestLevelPlusResidualsExactly() {
        ImageSet cifar = Datasets.load("cifar10", Datasets.Split.TEST, TestPaths.dataFolder())
                .limit(16);
        int[] all = new int[16];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = cifar.batch(m, all);
            NDList pyramid = Pyramid.laplacian(x, 3);
            assertEquals(3, pyramid.size());
            assertEquals(new Shape(16, 3, 8, 8), pyramid.get(0).getShape());
            assertEquals(new Shape(16, 3, 16, 16), pyramid.get(1).getShape());
            assertEquals(new Shape(16, 3, 32, 32), pyramid.get(2).getShape());
            // the coarsest level is the image averaged over 4x4 blocks
            assertArrayEquals(
                    Pyramid.down(Pyramid.down(x)).toFloatArray(),
                    pyramid.get(0).toFloatArray(),
                    0f);
            // residuals are what upsampling misses: small beside the image, not zero
            float residual = pyramid.get(2).abs().mean().getFloat();
            assertTrue(residual > 0.01f && residual < 0.5f, "mean |residual| " + residual);
            float[] back = Pyramid.reconstruct(pyramid).toFloatArray();
            float[] original = x.toFloatArray();
            for (int i = 0; i < original.length; i++) {
                assertEquals(original[i], back[i], 1e-6f, "value " + i);
            }
            // one level is the image itself
            assertArrayEquals(
                    original, Pyramid.reconstruct(Pyramid.laplacian(x, 1)).toFloatArray(), 0f);
        }
    }

    @Test
    void sizesThatDoNotHalveAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray odd = m.zeros(new Shape(1, 3, 6, 6));
            BadInputException deep =
                    assertThrows(BadInputException.class, () -> Pyramid.laplacian(odd, 3));
            assertTrue(
                    deep.getMessage().contains("(1, 3, 6, 6)")
                            && deep.getMessage().contains("divisible by 2^(levels - 1) = 4"),
                    deep.getMessage());
            BadInputException flat = assertThrows(
                    BadInputException.class, () -> Pyramid.up(m.zeros(new Shape(3, 6, 6))));
            assertTrue(flat.getMessage().contains("expected images"), flat.getMessage());
            assertThrows(
                    BadInputException.class, () -> Pyramid.down(m.zeros(new Shape(1, 1, 3, 4))));
        }
    }
}
