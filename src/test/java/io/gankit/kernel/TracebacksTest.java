package io.gankit.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact lines of tracebacks, from compiler problems and exceptions built here as JShell and
 * {@link LiveExecutionControl} hand them over: the live exception, whose frames of snippets are
 * in JShell's wrapper classes, and JShell's translation, whose frames of snippets name the snippet
 * ({@code #id}) and the line in it. {@link CellEvaluatorTest} covers the same through JShell.
 */
class TracebacksTest {
    private static final String BOOM_CELL =
            "void boom() {\n  throw new IllegalStateException(\"boom\", new RuntimeException(\"inner\"));\n}";
    private static final String CALLING_CELL = "int y = 2;\nboom();";

    /** The frames below a snippet's entry method: reflection, the kernel, its thread. */
    private static final StackTraceElement[] KERNEL_FRAMES = {
        frame("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -2),
        frame("java.lang.reflect.Method", "invoke", "Method.java", 568),
        frame(
                "io.gankit.kernel.LiveExecutionControl",
                "lambda$invoke$0",
                "LiveExecutionControl.java",
                35),
        frame("java.lang.Thread", "run", "Thread.java", 840),
    };

    @Test
    void compilationErrorShowsTheCellsLineAndMarksTheColumns() {
        String cell = "int a = 1;\n// a comment\nint b = \"s\";";
        int start = cell.indexOf("int b");
        String message = "incompatible types: java.lang.String cannot be converted to int";
        CellError e = new Tracebacks()
                .compilationError(
                        List.of(new Tracebacks.Problem(message, 8, 11)),
                        "int b = \"s\";",
                        cell,
                        start);

        assertEquals("CompilationError", e.errorName());
        assertEquals(message, e.getMessage());
        assertEquals(
                List.of(
                        red("CompilationError") + ": line 3:",
                        "    int b = \"s\";",
                        "            ^^^",
                        message),
                e.traceback());
    }

    @Test
    void compileErrorsOfASnippetAreAllShownAndTheFirstLineIsTheMessage() {
        String cell = "int c = 1;\nString s = 1;\nint t = \"x\"";
        int start = cell.indexOf("String s");
        String source = "String s = 1;\nint t = \"x\"";
        CellError e = new Tracebacks()
                .compilationError(
                        List.of(
                                new Tracebacks.Problem(
                                        "incompatible types: int cannot be converted to java.lang.String\n  (detail)",
                                        11,
                                        12),
                                // A position past the source's end is clamped to it.
                                new Tracebacks.Problem("';' expected", 25, 25)),
                        source,
                        cell,
                        start);

        assertEquals(
                "incompatible types: int cannot be converted to java.lang.String", e.getMessage());
        assertEquals(
                List.of(
                        red("CompilationError") + ": line 2:",
                        "    String s = 1;",
                        "               ^",
                        "incompatible types: int cannot be converted to java.lang.String",
                        "  (detail)",
                        red("CompilationError") + ": line 3:",
                        "    int t = \"x\"",
                        "               ^",
                        "';' expected"),
                e.traceback());
    }

    @Test
    void exceptionWithACauseShowsBothWithTheCellsAndLinesOfTheUsersFrames() {
        Tracebacks tracebacks = new Tracebacks();
        tracebacks.remember("1", 1, BOOM_CELL, 0);
        tracebacks.remember("2", 2, CALLING_CELL, 0);
        tracebacks.remember("3", 2, CALLING_CELL, CALLING_CELL.indexOf("boom();"));

        StackTraceElement[] live = concat(
                new StackTraceElement[] {
                    frame("REPL.$JShell$12", "boom", "$JShell$12.java", 8),
                    frame("REPL.$JShell$14", "do_it$", "$JShell$14.java", 11),
                },
                KERNEL_FRAMES);
        StackTraceElement[] translated = concat(
                new StackTraceElement[] {
                    frame("", "boom", "#1", 2), frame("", "", "#3", 1),
                },
                KERNEL_FRAMES);
        Throwable inner = withStack(new RuntimeException("inner"), live);
        Throwable thrown = withStack(new IllegalStateException("boom", inner), live);
        Throwable reported = withStack(
                new Exception(
                        "java.lang.IllegalStateException: boom",
                        withStack(new Exception("java.lang.RuntimeException: inner"), translated)),
                translated);

        CellError e = tracebacks.exception(thrown, reported, 2);

        assertEquals("java.lang.IllegalStateException", e.errorName());
        assertEquals("java.lang.IllegalStateException: boom", e.getMessage());
        String boomLine =
                "    at boom (cell 1, line 2): throw new IllegalStateException(\"boom\", new RuntimeException(\"inner\"));";
        assertEquals(
                List.of(
                        red("java.lang.IllegalStateException: boom"),
                        boomLine,
                        "    at (line 2): boom();",
                        red("Caused by: java.lang.RuntimeException: inner"),
                        boomLine,
                        "    at (line 2): boom();"),
                e.traceback());
    }

    @Test
    void libraryFramesBetweenTheUsersLinesAreKeptAndTheKernelsAreNot() {
        String cell = "List<Integer> xs = List.of(1, 2);\n"
                + "xs.forEach(x -> {\n"
                + "    if (x > 1) throw new IllegalArgumentException(\"x = \" + x);\n"
                + "});";
        Tracebacks tracebacks = new Tracebacks();
        tracebacks.remember("6", 4, cell, 0);
        tracebacks.remember("7", 4, cell, cell.indexOf("xs.forEach"));
        StackTraceElement forEach = new StackTraceElement(
                null, "java.base", null, "java.lang.Iterable", "forEach", "Iterable.java", 75);
        Throwable thrown = withStack(
                new IllegalArgumentException("x = 2"),
                concat(
                        new StackTraceElement[] {
                            frame("REPL.$JShell$17", "lambda$do_it$$0", "$JShell$17.java", 12),
                            forEach,
                            frame("REPL.$JShell$17", "do_it$", "$JShell$17.java", 11),
                        },
                        KERNEL_FRAMES));
        Throwable reported = withStack(
                new Exception("java.lang.IllegalArgumentException: x = 2"),
                concat(
                        new StackTraceElement[] {
                            frame("", "lambda$do_it$$0", "#7", 2), forEach, frame("", "", "#7", 1)
                        },
                        KERNEL_FRAMES));

        CellError e = tracebacks.exception(thrown, reported, 4);

        assertEquals("java.lang.IllegalArgumentException", e.errorName());
        assertEquals(
                List.of(
                        red("java.lang.IllegalArgumentException: x = 2"),
                        "    at lambda$do_it$$0 (line 3): if (x > 1) throw new IllegalArgumentException(\"x = \" + x);",
                        "    at java.base/java.lang.Iterable.forEach(Iterable.java:75)",
                        "    at (line 2): xs.forEach(x -> {"),
                e.traceback());
    }

    @Test
    void anExceptionWithoutSnippetFramesLosesOnlyTheKernelsFrames() {
        Throwable thrown = withStack(
                new NullPointerException("no value"),
                concat(
                        new StackTraceElement[] {
                            frame("java.util.Objects", "requireNonNull", "Objects.java", 233),
                            frame(
                                    "io.gankit.kernel.LiveExecutionControl",
                                    "invoke",
                                    "LiveExecutionControl.java",
                                    40),
                        },
                        new StackTraceElement[] {
                            frame("java.lang.Thread", "run", "Thread.java", 840)
                        }));

        CellError e = new Tracebacks().exception(thrown, null, 1);

        assertEquals(
                List.of(
                        red("java.lang.NullPointerException: no value"),
                        "    at java.util.Objects.requireNonNull(Objects.java:233)"),
                e.traceback());
    }

    @Test
    void repeatedFramesAreFoldedIntoACount() {
        String f = "    at (line 1): deep(0)";
        String g = "    at java.util.List.get(List.java:1)";
        assertEquals(
                List.of(f, "    ... the same frame 4 more times", g, g),
                Tracebacks.collapseRepeats(List.of(f, f, f, f, f, g, g)));
    }

    @Test
    void interruptsAndMagicsNameTheCellsLine() {
        Tracebacks tracebacks = new Tracebacks();
        String cell = "int a = 1;\n%nope x\n%jars y";
        CellError stopped = tracebacks.interrupted(cell, cell.indexOf("%nope"));
        assertEquals(
                List.of(red("Interrupted") + ": the cell was stopped at line 2"),
                stopped.traceback());

        CellError undefined = tracebacks.undefinedMagic(
                "nope", cell, cell.indexOf("%nope"), List.of("jars", "echo"));
        assertEquals("UndefinedMagic", undefined.errorName());
        assertEquals(
                List.of(
                        red("UndefinedMagic: line 2: %nope is not a magic of this kernel"),
                        "known magics: %echo, %jars"),
                undefined.traceback());

        CellError failed = tracebacks.magicFailed(
                "jars",
                cell,
                cell.indexOf("%jars"),
                new IllegalArgumentException("no jar matches y"));
        assertEquals("java.lang.IllegalArgumentException", failed.errorName());
        assertEquals("%jars: no jar matches y", failed.getMessage());
        assertEquals(
                List.of(red("line 3: %jars failed"), "IllegalArgumentException: no jar matches y"),
                failed.traceback());
    }

    private static StackTraceElement frame(String className, String method, String file, int line) {
        return new StackTraceElement(className, method, file, line);
    }

    private static StackTraceElement[] concat(StackTraceElement[] a, StackTraceElement[] b) {
        StackTraceElement[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static <T extends Throwable> T withStack(T t, StackTraceElement[] frames) {
        t.setStackTrace(frames);
        return t;
    }

    private static String red(String text) {
        return "\u001b[1;31m" + text + "\u001b[0m";
    }
}
