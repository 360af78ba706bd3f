package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModesCommandTest {
    @Test
    void jobsComeInTableOrderWithOptionalModelsOnlyWhenNamed() {
        List<ModesCommand.Job> all = ModesCommand.jobs(List.of("ring", "grid", "stacked-mnist"), null, 2);
        // 5 default 2-D models on 2 mixtures and 2 stacked models, 2 seeds each
        assertEquals((5 * 2 + 2) * 2, all.size());
        assertEquals("ring/GAN/1", all.get(0).key());
        assertEquals("ring/GAN/2", all.get(1).key());
        assertEquals("grid/GAN/1", all.get(10).key());
        assertEquals("stacked-mnist/PacDCGAN2/2", all.get(all.size() - 1).key());
        assertTrue(all.stream().noneMatch(j -> j.model().name().equals("PacGAN4-100packs")));

        List<ModesCommand.Job> named = ModesCommand.jobs(List.of("grid"), "PacGAN4-100packs,GAN", 1);
        assertEquals(List.of("grid/GAN/1", "grid/PacGAN4-100packs/1"), named.stream().map(ModesCommand.Job::key).toList());
    }

    @Test
    void anUnknownModelIsNamedWithTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> ModesCommand.jobs(List.of("ring"), "GAN,PacGAN9", 1));
        assertTrue(e.getMessage().contains("PacGAN9") && e.getMessage().contains("WGAN-GP"), e.getMessage());
        // a stacked-MNIST model asked for on the ring alone matches no job either
        assertThrows(BadInputException.class, () -> ModesCommand.jobs(List.of("ring"), "DCGAN", 1));
    }

    @Test
    void shardsAreKOfN() {
        assertArrayEquals(new int[] {1, 3}, ModesCommand.shard("1/3"));
        for (String bad : List.of("3/3", "-1/2", "1", "a/b", "1/0")) {
            BadInputException e = assertThrows(BadInputException.class, () -> ModesCommand.shard(bad), bad);
            assertTrue(e.getMessage().contains("--shard " + bad), e.getMessage());
        }
    }
}
