package io.gankit.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathMagicsTest {
    @TempDir
    static Path temp;

    private static CellEvaluator cells;
    private static Path kitJar;
    private static ClasspathMagics magics;

    @BeforeAll
    static void start() throws IOException {
        cells = new CellEvaluator(List.of(), List.of());
        Path notebooks = Files.createDirectories(temp.resolve("notebooks"));
        Path lib = Files.createDirectories(temp.resolve("lib"));
        kitJar = lib.resolve("kit.jar");
        Files.writeString(kitJar, "pretend this jar is on the kernel's class path");
        writeHelloJar(lib.resolve("hello.jar"));
        Files.writeString(lib.resolve("notes.txt"), "not a jar");
        magics = new ClasspathMagics(cells, notebooks, List.of(kitJar.toString()));
        cells.registerMagic("jars", magics::jars);
        cells.registerMagic("classpath", magics::classpath);
    }

    @AfterAll
    static void close() {
        cells.close();
    }

    @Test
    void jarsGlobLoadsNewJarsAndSkipsTheKernelsOwn() throws IOException {
        assertEquals(
                List.of(kitJar.getParent().resolve("hello.jar"), kitJar),
                magics.resolve("../lib/*.jar").stream()
                        .map(ClasspathMagicsTest::real)
                        .toList());
        assertEquals("hi from a jar", cells.eval("%jars ../lib/*.jar\ndemo.Hello.hi()"));
        List<String> added = cells.classpath();
        assertTrue(added.stream().anyMatch(p -> p.endsWith("hello.jar")), added.toString());
        assertFalse(
                added.stream().anyMatch(p -> p.endsWith("kit.jar")),
                "the kernel's own jars are not added twice");
        cells.eval("%jars ../lib/*.jar");
        assertEquals(added, cells.classpath(), "running the magic again changes nothing");
    }

    @Test
    void aGlobFollowsALinkedFolder() throws IOException {
        // students' copies of the notebooks beside a link to the kit's lib/ (docs/teaching.md)
        Path course = Files.createDirectories(temp.resolve("course"));
        Files.createDirectories(course.resolve("notebooks"));
        Files.createSymbolicLink(course.resolve("lib"), kitJar.getParent());
        ClasspathMagics linked =
                new ClasspathMagics(cells, course.resolve("notebooks"), List.of(kitJar.toString()));
        assertEquals(
                List.of("hello.jar", "kit.jar"),
                linked.resolve("../lib/*.jar").stream()
                        .map(p -> p.getFileName().toString())
                        .toList());
    }

    @Test
    void aPatternThatMatchesNothingSaysWhereItLooked() {
        BadInputException e =
                assertThrows(BadInputException.class, () -> magics.resolve("../missing/*.jar"));
        assertTrue(e.getMessage().startsWith("../missing/*.jar: matches no file"), e.getMessage());
        CellError inCell =
                assertThrows(CellError.class, () -> cells.eval("%jars ../nothing-here.jar"));
        assertTrue(inCell.getMessage().contains("no such file"), inCell.getMessage());
    }

    @Test
    void classpathAcceptsFoldersAndSeparatedLists() throws IOException {
        Path classes = Files.createDirectories(temp.resolve("classes"));
        cells.eval("%classpath ../classes");
        assertTrue(
                cells.classpath().contains(real(classes).toString()),
                cells.classpath().toString());
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A jar with class demo.Hello whose hi() returns a known string, compiled here. */
    private static void writeHelloJar(Path jar) throws IOException {
        Path src = Files.createDirectories(temp.resolve("src/demo"));
        Path out = Files.createDirectories(temp.resolve("out"));
        Files.writeString(
                src.resolve("Hello.java"),
                "package demo; public class Hello { public static String hi() { return \"hi from a jar\"; } }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(
                0,
                javac.run(
                        null,
                        null,
                        null,
                        "-d",
                        out.toString(),
                        src.resolve("Hello.java").toString()));
        try (JarOutputStream jarOut = new JarOutputStream(Files.newOutputStream(jar))) {
            jarOut.putNextEntry(new JarEntry("demo/Hello.class"));
            try (OutputStream ignored = OutputStream.nullOutputStream()) {
                jarOut.write(Files.readAllBytes(out.resolve("demo/Hello.class")));
            }
            jarOut.closeEntry();
        }
    }
}
