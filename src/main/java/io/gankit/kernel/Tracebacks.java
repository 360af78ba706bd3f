package io.gankit.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.EvalException;

/**
 * Writes the {@link CellError}s of failed cells: the lines a notebook prints, in terms of the
 * user's cells. A compile error names the cell's line, shows its source and marks the columns; an
 * exception shows the user's exception and its causes with the frames of the libraries they came
 * from and, for the user's own code, the cell, line and source of each frame, never the frames of
 * the kernel or of JShell's wrapper classes.
 *
 * <p>It remembers where each snippet came from ({@link #remember}), so that a frame of a method
 * declared in an earlier cell still names that cell and line. It knows nothing of JShell's state:
 * the evaluator hands it compiler problems, the live exception and JShell's translation of it.
 */
final class Tracebacks {
    /** The classes JShell wraps snippets in; their names mean nothing to the user. */
    private static final String SNIPPET_CLASS_PREFIX = "REPL.$JShell$";
    /** The method of a wrapper class that runs a snippet's statement or expression. */
    private static final String SNIPPET_ENTRY_METHOD = "do_it$";

    private static final String INDENT = "    ";

    /** A compiler error: its message and the [start, end) offsets it marks in the snippet's source. */
    record Problem(String message, long start, long end) {}

    /** Where a snippet came from. */
    private record Origin(int cell, int firstLine, String cellText) {}

    private final Map<String, Origin> origins = new ConcurrentHashMap<>();

    /**
     * Notes that JShell's snippet {@code snippetId} is the code at offset {@code start} of cell
     * number {@code cellNo}, whose text is {@code cell}.
     */
    void remember(String snippetId, int cellNo, String cell, int start) {
        origins.put(snippetId, new Origin(cellNo, lineOf(cell, start), cell));
    }

    /**
     * A snippet that did not compile.
     *
     * @param problems the compiler's errors, offsets in {@code source}
     * @param source the snippet's source as JShell compiled it
     * @param cell the cell's text
     * @param start where the snippet starts in the cell
     */
    CellError compilationError(List<Problem> problems, String source, String cell, int start) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Problem problem : problems) {
            String message = problem.message();
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            int from = start + clamp(problem.start(), source);
            int to = start + clamp(Math.max(problem.end(), problem.start() + 1), source);
            from = Math.min(from, cell.length());
            to = Math.max(from, Math.min(to, cell.length()));
            int line = lineOf(cell, from);
            int lineStart = cell.lastIndexOf('\n', from - 1) + 1;
            int lineEnd = cell.indexOf('\n', lineStart);
            String text = cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd);
            int markEnd = Math.min(to, lineStart + text.length());
            lines.add(red("CompilationError") + ": line " + line + ":");
            lines.add(INDENT + text);
            lines.add(INDENT
                    + " ".repeat(from - lineStart)
                    + "^".repeat(Math.max(1, markEnd - from)));
            message.lines().forEach(lines::add);
        }
        if (first == null) {
            first = "the snippet at line " + lineOf(cell, start) + " was rejected";
            lines.add(red("CompilationError") + ": " + first);
        }
        return new CellError("CompilationError", first, lines);
    }

    /**
     * A snippet that used a declaration which cannot run yet.
     *
     * @param declaration the source of the declaration
     * @param missing what it waits for
     */
    CellError unresolvedReference(String declaration, List<String> missing) {
        String message = declaration.lines().findFirst().orElse("") + " cannot be used until "
                + String.join(", ", missing) + " is defined";
        return new CellError(
                "UnresolvedReference",
                message,
                List.of(red("UnresolvedReference") + ": " + message));
    }

    /**
     * A snippet that threw.
     *
     * @param live the exception itself, with its real type, causes and stack, or null when lost
     * @param reported JShell's translation of it, whose frames of snippets name the snippet
     *     ({@code #id}) and the line in it; its causes follow those of {@code live}
     * @param currentCell the number of the running cell, whose lines need no cell number
     */
    CellError exception(Throwable live, Throwable reported, int currentCell) {
        List<String> lines = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = live;
        Throwable translated = reported;
        boolean firstLink = true;
        while (current != null && seen.add(current)) {
            String header = current.toString();
            lines.add(firstLink ? red(header) : red("Caused by: " + header));
            List<StackTraceElement> snippetFrames = translated == null
                    ? List.of()
                    : Arrays.stream(translated.getStackTrace())
                            .filter(f ->
                                    f.getFileName() != null && f.getFileName().startsWith("#"))
                            .collect(Collectors.toList());
            int snippetIndex = 0;
            List<String> frames = new ArrayList<>();
            for (StackTraceElement frame : current.getStackTrace()) {
                if (frame.getClassName().startsWith(SNIPPET_CLASS_PREFIX)) {
                    StackTraceElement mapped = snippetIndex < snippetFrames.size()
                            ? snippetFrames.get(snippetIndex)
                            : null;
                    snippetIndex++;
                    frames.add(INDENT + "at " + describeSnippetFrame(frame, mapped, currentCell));
                    if (SNIPPET_ENTRY_METHOD.equals(frame.getMethodName())) {
                        break;
                    }
                } else if (!isKernelFrame(frame)) {
                    frames.add(INDENT + "at " + frame);
                }
            }
            lines.addAll(collapseRepeats(frames));
            current = current.getCause();
            translated = translated == null ? null : translated.getCause();
            firstLink = false;
        }
        if (live == null) {
            lines.add(red(
                    reported.getMessage() == null ? reported.toString() : reported.getMessage()));
        }
        String name = live != null
                ? live.getClass().getName()
                : reported instanceof EvalException
                        ? ((EvalException) reported).getExceptionClassName()
                        : "Exception";
        String message = live != null
                ? String.valueOf(live.getMessage())
                : String.valueOf(reported.getMessage());
        return new CellError(name, name + ": " + message, lines);
    }

    /** A cell stopped before the snippet or magic at offset {@code start}, or while it ran. */
    CellError interrupted(String cell, int start) {
        return new CellError(
                "Interrupted",
                "the cell was interrupted",
                List.of(red("Interrupted") + ": the cell was stopped at line "
                        + lineOf(cell, start)));
    }

    /** A {@code %name} line, at offset {@code start} of the cell, that names no magic. */
    CellError undefinedMagic(String name, String cell, int start, Collection<String> known) {
        String names = known.stream().sorted().map(n -> "%" + n).collect(Collectors.joining(", "));
        return new CellError(
                "UndefinedMagic",
                "%" + name + " is not a magic of this kernel",
                List.of(
                        red("UndefinedMagic: line " + lineOf(cell, start) + ": %" + name
                                + " is not a magic of this kernel"),
                        "known magics: " + (names.isEmpty() ? "none" : names)));
    }

    /** The magic {@code %name}, at offset {@code start} of the cell, threw {@code e}. */
    CellError magicFailed(String name, String cell, int start, Exception e) {
        return new CellError(
                e.getClass().getName(),
                "%" + name + ": " + e.getMessage(),
                List.of(
                        red("line " + lineOf(cell, start) + ": %" + name + " failed"),
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    /** Runs of one repeated frame (deep recursion) become the frame and a count. */
    static List<String> collapseRepeats(List<String> frames) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < frames.size()) {
            int j = i + 1;
            while (j < frames.size() && frames.get(j).equals(frames.get(i))) {
                j++;
            }
            out.add(frames.get(i));
            if (j - i > 2) {
                out.add(INDENT + "... the same frame " + (j - i - 1) + " more times");
            } else if (j - i == 2) {
                out.add(frames.get(i));
            }
            i = j;
        }
        return out;
    }

    /** The 1-based line of {@code text} that holds {@code offset}. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private String describeSnippetFrame(
            StackTraceElement frame, StackTraceElement mapped, int currentCell) {
        String method = SNIPPET_ENTRY_METHOD.equals(frame.getMethodName())
                ? ""
                : frame.getMethodName() + " ";
        if (mapped == null) {
            return method + "(a cell)";
        }
        Origin origin = origins.get(mapped.getFileName().substring(1));
        if (origin == null) {
            return method + "(snippet " + mapped.getFileName() + ")";
        }
        int line = origin.firstLine() + mapped.getLineNumber() - 1;
        String text = nthLine(origin.cellText(), line).strip();
        String where = origin.cell() == currentCell
                ? "line " + line
                : "cell " + origin.cell() + ", line " + line;
        return method + "(" + where + "): " + text;
    }

    /** Frames of the machinery between the kernel and the user's snippet: reflection and this kernel. */
    private static boolean isKernelFrame(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("jdk.internal.reflect.")
                || c.startsWith("java.lang.reflect.Method")
                || c.startsWith(LiveExecutionControl.class.getName())
                || c.startsWith("java.lang.Thread");
    }

    private static int clamp(long position, String source) {
        return (int) Math.max(0, Math.min(position, source.length()));
    }

    private static String nthLine(String text, int line) {
        List<String> lines = text.lines().collect(Collectors.toList());
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    private static String red(String text) {
        return "\u001b[1;31m" + text + "\u001b[0m";
    }
}
