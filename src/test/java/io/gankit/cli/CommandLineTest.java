package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.nn.Architectures;
import io.gankit.train.TrainConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each verb's flags are declared once: the same declaration parses the command line and prints the help. */
class CommandLineTest {
    private static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    @Test
    void everyDeclaredFlagIsInItsVerbsHelpWithItsDefault() {
        for (Command c : Main.commands().values()) {
            String usage = c.usage();
            assertTrue(usage.startsWith("usage: ./gankit " + c.name() + " "), usage);
            for (Flag<?> f : c.flags().all()) {
                assertTrue(
                        usage.contains("\n  " + f.synopsis() + " "),
                        c.name() + " --help lacks " + f.synopsis() + ":\n" + usage);
                String d = f.defaultText();
                if (d != null && !f.isRequired()) {
                    assertTrue(
                            flat(usage).contains(flat(f.help() + " (default " + d + ")")),
                            c.name() + " " + f + ": " + usage);
                }
            }
            for (String line : usage.split("\n")) {
                assertTrue(
                        line.length() <= Flags.WIDTH
                                || !line.startsWith("  --") && !line.startsWith("    "),
                        c.name() + ": a flag line over " + Flags.WIDTH + " columns: " + line);
            }
        }
    }

    @Test
    void trainsDefaultsAreTheLibrarysAndTheHelpShowsThem() {
        TrainConfig defaults = TrainConfig.builder().build();
        assertEquals(
                defaults,
                TrainCommand.config(TrainCommand.FLAGS.parse(), defaults.dataset()),
                "no flags: the library's defaults");
        String help = flat(new TrainCommand().usage());
        assertTrue(
                help.contains(
                        "passes over the data (default " + defaults.epochs() + "; 2 with --quick)"),
                help);
        assertTrue(help.contains("(default 2e-4; betas 0.5, 0.999)"), help);
        assertTrue(help.contains("(default " + defaults.seed() + ")"), help);
        for (String model : TrainCommand.MODELS) {
            assertTrue(
                    help.contains(model + " " + Architectures.get(model).defaultBatchSize()),
                    model + ": " + help);
        }
        TrainConfig quick = TrainCommand.config(TrainCommand.FLAGS.parse("--quick"), "mnist");
        assertEquals(TrainCommand.QUICK_EPOCHS, quick.epochs());
        assertEquals(TrainCommand.QUICK_LIMIT, quick.limit());
        assertEquals(
                7,
                TrainCommand.config(TrainCommand.FLAGS.parse("--quick", "--epochs", "7"), "mnist")
                        .epochs(),
                "a flag given wins over --quick");
        TrainConfig wgan = TrainCommand.config(
                TrainCommand.FLAGS.parse(
                        "--loss=wasserstein",
                        "--gp",
                        "10",
                        "--lr",
                        "1e-4",
                        "--critic-steps",
                        "5",
                        "--max-steps",
                        "1_000"),
                "mnist");
        assertEquals(
                List.of("wasserstein", 10.0, 1e-4, 5, 1000L),
                List.of(
                        wgan.loss(),
                        wgan.gradientPenalty(),
                        wgan.learningRateG(),
                        wgan.criticSteps(),
                        wgan.maxSteps()));
    }

    @Test
    void readmeListsTrainsFlagsAsDeclared() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("`train` flags:");
        int to = readme.indexOf("For example", from);
        assertTrue(from >= 0 && to > from, "README's \"`train` flags:\" paragraph");
        List<String> listed = new ArrayList<>();
        Matcher m = Pattern.compile("`--([a-z-]+)").matcher(readme.substring(from, to));
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertEquals(TrainCommand.FLAGS.all().stream().map(Flag::name).toList(), listed);
    }

    @Test
    void valuesComeInEveryForm() {
        Args a = TrainCommand.FLAGS.parse(
                "--epochs=3",
                "--seed",
                "10_000",
                "--quick",
                "--lr",
                "-1",
                "--batch",
                "8",
                "--batch",
                "16");
        assertEquals(3, a.get(TrainCommand.EPOCHS));
        assertEquals(10_000L, a.get(TrainCommand.SEED));
        assertTrue(a.get(TrainCommand.QUICK));
        assertEquals(-1.0, a.get(TrainCommand.LR), "a negative number is a value, not a flag");
        assertEquals(16, a.get(TrainCommand.BATCH), "the last one given");
        assertEquals(5, a.getOr(TrainCommand.LATENT, 5), "not given: the command's fallback");
        assertFalse(TrainCommand.FLAGS.parse("--quick=false").get(TrainCommand.QUICK));
        Args fid = new FidCommand().flags().parse("a", "--kid", "--", "--b");
        assertEquals(List.of("a", "--b"), fid.positional(), "after --, arguments only");
        assertEquals("2e-4", Flag.format(2e-4));
        assertEquals("0.5", Flag.format(0.5));
        assertEquals("10000", Flag.format(1e4));
    }

    private static String error(Flags flags, String... argv) {
        return assertThrows(BadInputException.class, () -> flags.parse(argv)).getMessage();
    }

    @Test
    void aBadCommandLineSaysWhatWasGivenAndWhatWasExpected() {
        Flags train = TrainCommand.FLAGS;
        assertEquals(
                "unknown flag --epoch; did you mean --epochs? (see --help)",
                error(train, "--epoch", "3"));
        assertEquals(
                "unknown flag --chekpoint-every; did you mean --checkpoint-every? (see --help)",
                error(train, "--chekpoint-every=9"));
        assertTrue(error(train, "--colour", "red")
                .startsWith("unknown flag --colour; the flags here are --dataset, --model,"));
        assertEquals("--epochs needs a value: N, a whole number", error(train, "--epochs"));
        assertEquals(
                "--out needs a value: DIR, a path; got the flag --quick",
                error(train, "--out", "--quick"));
        assertEquals("--epochs five: expected a whole number", error(train, "--epochs", "five"));
        assertEquals("--lr fast: expected a number", error(train, "--lr", "fast"));
        assertEquals(
                "--loss hinged: expected one of non-saturating, minimax, wasserstein, hinge, least-squares",
                error(train, "--loss", "hinged"));
        assertEquals("--quick yes: expected true or false", error(train, "--quick=yes"));
        assertEquals(
                "unknown flag -quick; flags start with two dashes (see --help)",
                error(train, "-quick"));
        assertEquals(
                "unexpected argument 'mnist': this verb takes flags only (see --help)",
                error(train, "mnist"));
        assertEquals(
                "--workers 0: expected a whole number of at least 1",
                error(ModesCommand.FLAGS, "--workers", "0"));
        assertEquals(
                "1 argument(s) given (a); expected 2: REAL GENERATED (see --help)",
                error(new FidCommand().flags(), "a"));
        assertEquals(
                "--out FILE.npz is required: the .npz to write",
                error(new StatsCommand().flags(), "images"));
        assertEquals(
                "--out stats.txt: expected a file name ending in .npz",
                error(new StatsCommand().flags(), "images", "--out", "stats.txt"));
    }

    @Test
    void aFlagThatDoesNotApplyIsRefused() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> new BenchCommand()
                        .run(BenchCommand.FLAGS.parse("--frechet", "--steps", "3")));
        assertEquals("--steps does not apply with --frechet (see --help)", e.getMessage());
        BadInputException resume = assertThrows(
                BadInputException.class,
                () -> new TrainCommand()
                        .run(TrainCommand.FLAGS.parse(
                                "--resume", "runs/x", "--epochs", "9", "--quick")));
        assertTrue(
                resume.getMessage()
                        .startsWith("--epochs, --quick cannot change a run being resumed"),
                resume.getMessage());
        assertEquals(
                TrainCommand.FLAGS.all().size()
                        - 2
                        - TrainCommand.SCORE_FLAGS.size()
                        - TrainCommand.SESSION_FLAGS.size(),
                TrainCommand.CONFIG_FLAGS.size(),
                "all but --resume, --data, the scoring flags and --max-minutes");
        assertTrue(
                TrainCommand.CONFIG_FLAGS.stream().noneMatch(TrainCommand.SESSION_FLAGS::contains));
        assertTrue(
                TrainCommand.CONFIG_FLAGS.stream().noneMatch(TrainCommand.SCORE_FLAGS::contains));
    }

    @Test
    void mainReportsABadFlagBeforeStartingTheEngineAndPrintsHelp() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run(new String[] {"train", "--epochs", "many"}));
            assertEquals(0, Main.run(new String[] {"modes", "--help"}));
            assertEquals(0, Main.run(new String[] {"help", "bench"}));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(
                "gankit train: --epochs many: expected a whole number\n",
                e.toString(StandardCharsets.UTF_8));
        String printed = o.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith(new ModesCommand().usage()), printed);
        assertTrue(printed.contains(new BenchCommand().usage()), printed);
    }
}
