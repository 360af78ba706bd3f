package io.gankit.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CellEvaluatorTest {
    private static CellEvaluator cells;

    @BeforeAll
    static void start() {
        cells = new CellEvaluator(
                testClasspath(), List.of("import java.util.*;", "import no.such.pkg.*;"));
        cells.registerMagic("echo", args -> String.join("|", args));
    }

    @AfterAll
    static void close() {
        cells.close();
    }

    static List<String> testClasspath() {
        return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    @Test
    void importsOfMissingPackagesAreSkipped() {
        assertEquals(List.of("import java.util.*;"), cells.imports());
    }

    @Test
    void lastExpressionComesBackAsTheLiveObject() {
        assertEquals(6, cells.eval("int x = 3;\nx * 2"));
        Object builder = cells.eval("new StringBuilder(\"ab\").append(1)");
        assertInstanceOf(StringBuilder.class, builder);
        assertEquals("ab1", builder.toString());
        assertEquals(List.of(1, 2), cells.eval("var list = List.of(1, 2);\nlist"));
        assertEquals(5, cells.eval("2 + 3 // a comment"));
    }

    @Test
    void aTrailingSemicolonHidesTheValue() {
        assertEquals("id", cells.eval("String.valueOf(\"id\")"));
        assertNull(cells.eval("String.valueOf(\"id\");"));
        assertNull(cells.eval("String.valueOf(\"id\");  // comment after"));
    }

    @Test
    void statementsDeclarationsAndVoidCallsHaveNoValue() {
        assertNull(cells.eval("int q = 1;"));
        assertNull(cells.eval("Math.abs(-1);\nint r = 2;"));
        assertNull(cells.eval("Objects.requireNonNull(\"x\").length();\nif (q > 0) { q++; }"));
    }

    @Test
    void outputWithoutNewlineIsFlushedWhenTheCellEnds() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // Not auto-flushing: only the evaluator's flush at the end of the cell can deliver the
        // text.
        System.setOut(new PrintStream(
                new BufferedOutputStream(captured, 1 << 16), false, StandardCharsets.UTF_8));
        try {
            cells.eval("System.out.print(\"partial\");");
            assertEquals("partial", captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void compilationErrorNamesTheCellLineAndMarksTheColumn() {
        CellError e = assertThrows(
                CellError.class, () -> cells.eval("int a = 1;\n// a comment\nint b = \"s\";"));
        assertEquals("CompilationError", e.errorName());
        String text = plain(e.traceback());
        assertTrue(text.contains("line 3:"), text);
        List<String> lines =
                e.traceback().stream().map(CellEvaluatorTest::strip).toList();
        int source = lines.indexOf("    int b = \"s\";");
        assertTrue(source >= 0, text);
        assertEquals("    " + " ".repeat(8) + "^^^", lines.get(source + 1));
        assertTrue(e.getMessage().contains("incompatible types"), e.getMessage());
    }

    @Test
    void exceptionShowsTheUsersLinesAndCausesButNoKernelFrames() {
        cells.eval(
                "void boom() {\n  throw new IllegalStateException(\"boom\", new RuntimeException(\"inner\"));\n}");
        CellError e = assertThrows(CellError.class, () -> cells.eval("int y = 2;\nboom();"));
        assertEquals("java.lang.IllegalStateException", e.errorName());
        String text = plain(e.traceback());
        assertTrue(text.startsWith("java.lang.IllegalStateException: boom"), text);
        assertTrue(text.contains("Caused by: java.lang.RuntimeException: inner"), text);
        assertTrue(text.contains("(line 2): boom();"), text);
        assertTrue(text.contains("at boom (cell "), text);
        assertTrue(text.contains("line 2): throw new IllegalStateException"), text);
        for (String hidden : List.of(
                "io.gankit.notebook",
                "jdk.internal.reflect",
                "do_it$",
                "REPL.",
                "java.lang.Thread.run")) {
            assertFalse(text.contains(hidden), hidden + " leaked into\n" + text);
        }
    }

    @Test
    void libraryFramesBetweenUserLinesAreKept() {
        CellError e = assertThrows(CellError.class, () -> cells.eval("List.of(1).get(5)"));
        assertEquals("java.lang.IndexOutOfBoundsException", e.errorName());
        String text = plain(e.traceback());
        assertTrue(text.contains("java.util.ImmutableCollections"), text);
        assertTrue(text.contains("(line 1): List.of(1).get(5)"), text);
    }

    @Test
    void checkedExceptionsAndErrorsAreReported() {
        CellError checked = assertThrows(
                CellError.class, () -> cells.eval("throw new java.io.IOException(\"disk full\");"));
        assertEquals("java.io.IOException", checked.errorName());
        assertEquals("java.io.IOException: disk full", checked.getMessage());

        cells.eval("int deep(int n) { return deep(n + 1) + 1; }");
        CellError overflow = assertThrows(CellError.class, () -> cells.eval("deep(0)"));
        assertEquals("java.lang.StackOverflowError", overflow.errorName());
        // A thousand identical frames are folded into one line and a count.
        assertTrue(overflow.traceback().size() < 10, plain(overflow.traceback()));
        assertTrue(plain(overflow.traceback()).contains("more times"));

        CellError assertion = assertThrows(
                CellError.class, () -> cells.eval("throw new AssertionError(\"no\");"));
        assertEquals("java.lang.AssertionError", assertion.errorName());
        assertEquals(3, cells.eval("1 + 2"), "the evaluator works after errors");
    }

    @Test
    void laterSnippetsOfAFailedCellDoNotRun() {
        assertThrows(
                CellError.class,
                () -> cells.eval(
                        "int before = 1;\nthrow new RuntimeException(\"x\");\nint after = 2;"));
        assertEquals(1, cells.eval("before"));
        CellError e = assertThrows(CellError.class, () -> cells.eval("after"));
        assertEquals("CompilationError", e.errorName());
    }

    @Test
    void stopEndsABusyLoopAndTheEvaluatorStaysUsable() throws Exception {
        CompletableFuture<Object> running = CompletableFuture.supplyAsync(
                () -> cells.eval(
                        "System.setProperty(\"gankit.test.loop\", \"running\");\nlong n = 0;\nwhile (true) { n++; }"));
        // The cell signals through a system property, which both sides see without sharing classes.
        while (System.getProperty("gankit.test.loop") == null) {
            Thread.sleep(20);
            if (running.isDone()) {
                running.get(); // shows why the cell ended instead of looping
            }
        }
        cells.stop();
        ExecutionException e =
                assertThrows(ExecutionException.class, () -> running.get(60, TimeUnit.SECONDS));
        CellError error = assertInstanceOf(CellError.class, e.getCause());
        assertEquals("Interrupted", error.errorName());
        assertEquals(42, cells.eval("6 * 7"));
    }

    @Test
    void isCompleteAnswersCompleteIncompleteAndInvalid() {
        assertEquals(BaseKernel.IS_COMPLETE_YES, cells.isComplete("int x = 1;"));
        assertEquals(BaseKernel.IS_COMPLETE_YES, cells.isComplete("x + 1"));
        assertEquals(
                BaseKernel.IS_COMPLETE_YES, cells.isComplete("%jars ../lib/*.jar\nint z = 1;"));
        String indent = cells.isComplete("for (int i = 0; i < 3; i++) {");
        assertFalse(indent.isEmpty());
        assertTrue(
                indent.isBlank(),
                "incomplete code answers with an indentation, got '" + indent + "'");
        assertNotEquals(BaseKernel.IS_COMPLETE_YES, cells.isComplete("void f() {\n  int a = 1;"));
        assertEquals(BaseKernel.IS_COMPLETE_BAD, cells.isComplete("int x = 1;\n)"));
    }

    @Test
    void completionOffersCandidatesAndTheRangeTheyReplace() {
        String code = "System.out.printl";
        ReplacementOptions options = cells.complete(code, code.length());
        assertTrue(
                options.getReplacements().contains("println("),
                options.getReplacements().toString());
        assertEquals(code.indexOf("printl"), options.getSourceStart());
        assertEquals(code.length(), options.getSourceEnd());

        cells.eval("int uniqueCounter = 5;");
        String second = "int k = 1;\nuniqueCou";
        ReplacementOptions inSecond = cells.complete(second, second.length());
        assertEquals(List.of("uniqueCounter"), inSecond.getReplacements());
        assertEquals(second.indexOf("uniqueCou"), inSecond.getSourceStart());
    }

    @Test
    void lineMagicsRunBetweenSnippets() {
        assertEquals("a|b c", cells.eval("%echo a \"b c\""));
        assertEquals(3, cells.eval("int m = 2;\n%echo x\nm + 1"));
        CellError e = assertThrows(CellError.class, () -> cells.eval("%nope 1"));
        assertEquals("UndefinedMagic", e.errorName());
        assertTrue(plain(e.traceback()).contains("%echo"), "the error lists the known magics");
    }

    @Test
    void splitArgsHonoursQuotes() {
        assertEquals(List.of("a", "b c", "d"), CellEvaluator.splitArgs("  a \"b c\"   d "));
    }

    @Test
    void documentationDescribesAMethod() {
        String doc = cells.documentation("Math.max(", "Math.max(".length(), false);
        assertTrue(doc != null && doc.contains("max("), String.valueOf(doc));
    }

    static String plain(List<String> lines) {
        return strip(String.join("\n", lines));
    }

    static String strip(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
