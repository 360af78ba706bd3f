package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.Shard;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModesCommandTest {
    @Test
    void shardsAreKOfN() {
        assertEquals(
                new Shard(1, 3),
                ModesCommand.FLAGS.parse("--shard", "1/3").get(ModesCommand.SHARD));
        assertEquals(Shard.ALL, ModesCommand.FLAGS.parse().get(ModesCommand.SHARD));
        for (String bad : List.of("3/3", "-1/2", "1", "a/b", "1/0")) {
            BadInputException e = assertThrows(
                    BadInputException.class, () -> ModesCommand.FLAGS.parse("--shard", bad), bad);
            assertEquals("--shard " + bad + ": expected " + Shard.EXPECTED, e.getMessage());
        }
        BadInputException both = assertThrows(
                BadInputException.class,
                () -> new ModesCommand()
                        .run(ModesCommand.FLAGS.parse("--workers", "2", "--shard", "1/2")));
        assertTrue(both.getMessage().contains("--shard 1/2 with --workers 2"), both.getMessage());
    }

    @Test
    void workersGetTheSameFlagsButTheirOwnShardAndOutput() {
        Args args = ModesCommand.FLAGS.parse(
                "--quick",
                "--seeds",
                "3",
                "--workers",
                "2",
                "--out",
                "x.csv",
                "--only=grid",
                "--models",
                "GAN,WGAN-GP");
        List<String> same =
                args.given(List.of(ModesCommand.WORKERS, ModesCommand.SHARD, ModesCommand.OUT));
        assertEquals(
                List.of(
                        "--quick=true",
                        "--seeds",
                        "3",
                        "--only",
                        "grid",
                        "--models",
                        "GAN,WGAN-GP"),
                same);
        Args child = ModesCommand.FLAGS.parse(same.toArray(String[]::new));
        assertEquals(3, child.get(ModesCommand.SEEDS));
        assertEquals(List.of("GAN", "WGAN-GP"), child.get(ModesCommand.MODELS));
        assertEquals(true, child.get(ModesCommand.QUICK));
    }

    @Test
    void listsAreCheckedItemByItem() {
        BadInputException only = assertThrows(
                BadInputException.class, () -> ModesCommand.FLAGS.parse("--only", "ring,rings"));
        assertEquals(
                "--only ring,rings: expected some of ring, grid, stacked-mnist, comma-separated",
                only.getMessage());
        BadInputException models = assertThrows(
                BadInputException.class, () -> ModesCommand.FLAGS.parse("--models", "GAN,PacGAN9"));
        assertTrue(
                models.getMessage().startsWith("--models GAN,PacGAN9: expected some of GAN, "),
                models.getMessage());
        assertThrows(BadInputException.class, () -> ModesCommand.FLAGS.parse("--seeds", "0"));
    }
}
