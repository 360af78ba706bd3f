package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.kernel.JupyterSetup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookCommandsTest {
    @TempDir
    Path home;

    @BeforeEach
    void kitFolder() throws IOException {
        Files.createDirectories(home.resolve("notebooks"));
        Files.writeString(home.resolve("pom.xml"), "<project/>");
        System.setProperty("gankit.home", home.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("gankit.home");
    }

    private static Args args(Command command, String... argv) {
        return command.flags().parse(argv);
    }

    @Test
    void theSwitchesAreDeclaredAsSwitches() {
        assertEquals(Set.of("print-only", "no-browser", "classic"), switches(new LabCommand()));
        assertEquals(
                Set.of("quick", "lab", "pictures", "solutions"), switches(new NotebooksCommand()));
    }

    private static Set<String> switches(Command command) {
        return command.flags().all().stream()
                .filter(Flag::isSwitch)
                .map(Flag::name)
                .collect(Collectors.toSet());
    }

    @Test
    void labPrintOnlyShowsTheBuildAndChangesNothing() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new LabCommand()
                    .run(args(new LabCommand(), "--print-only", "--no-browser", "--port", "9999"));
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        assertTrue(printed.contains(home.resolve("mvnw") + " -q -B package -DskipTests"), printed);
        assertTrue(printed.contains("would install kernelspec"), printed);
        assertTrue(!Files.exists(home.resolve("lib")), "print-only must not build");
    }

    @Test
    void labOpensTheFolderItIsGivenAndRefusesOneThatIsMissing() throws Exception {
        Path copies = Files.createDirectories(home.resolve("class-of-2027"));
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(
                    0,
                    new LabCommand()
                            .run(args(
                                    new LabCommand(), "--print-only", "--dir", copies.toString())));
        } finally {
            System.setOut(original);
        }
        if (JupyterSetup.frontEnd().isPresent()) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("--notebook-dir=" + copies), printed);
        }
        Path missing = home.resolve("no-such-folder");
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> new LabCommand()
                        .run(args(new LabCommand(), "--print-only", "--dir", missing.toString())));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void notebooksRejectsWhatIsNotANotebook() throws IOException {
        Path text = Files.writeString(home.resolve("notes.txt"), "x");
        NotebooksCommand command = new NotebooksCommand();
        BadInputException e = assertThrows(
                BadInputException.class, () -> command.run(args(command, text.toString())));
        assertTrue(e.getMessage().contains("expected an existing .ipynb"), e.getMessage());
        assertThrows(BadInputException.class, () -> command.run(args(command, "--timeout", "0")));
        assertThrows(BadInputException.class, () -> command.run(args(command, "--colour", "red")));
        BadInputException sizes = assertThrows(
                BadInputException.class, () -> command.run(args(command, "--quick", "--lab")));
        assertTrue(sizes.getMessage().contains("choose one size"), sizes.getMessage());
        BadInputException small = assertThrows(
                BadInputException.class, () -> command.run(args(command, "--pictures", "--lab")));
        assertTrue(small.getMessage().contains("show full runs"), small.getMessage());
        BadInputException empty =
                assertThrows(BadInputException.class, () -> command.run(args(command)));
        assertTrue(empty.getMessage().contains("no .ipynb files"), empty.getMessage());
    }

    @Test
    void commandsRefuseAFolderThatIsNotTheKit() throws IOException {
        System.setProperty(
                "gankit.home",
                Files.createDirectories(home.resolve("elsewhere")).toString());
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> new NotebooksCommand().run(args(new NotebooksCommand())));
        assertTrue(e.getMessage().contains("not the gankit folder"), e.getMessage());
    }
}
