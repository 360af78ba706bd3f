package io.gankit.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;

/**
 * Evaluates notebook cells with JShell in this JVM: a cell is split into snippets, each compiled
 * and run in turn; the live value of a final expression is returned for rendering. Failures come
 * back as {@link CellError}s written in terms of the cell (its line numbers and source), and line
 * magics ({@code %jars ...}) are run between snippets. A cell whose last expression ends with
 * {@code ;} shows no value, as in IPython. The Jupyter wire protocol is not involved,
 * so this class is what the kernel's unit tests drive.
 *
 * <p>Calls are serialised; only {@link #stop()} may come from another thread while a cell runs.
 */
public final class CellEvaluator implements AutoCloseable {
    /** A line magic: {@code %name arg1 arg2} on a line of its own. */
    @FunctionalInterface
    public interface Magic {
        /** Runs the magic; a non-null result is rendered like a cell value. */
        Object run(List<String> args) throws Exception;
    }

    private static final Pattern MAGIC_LINE = Pattern.compile("(?m)^[ \\t]*%([A-Za-z]\\w*)([^\\n]*)$");
    private static final String SNIPPET_CLASS_PREFIX = "REPL.$JShell$";
    private static final String SNIPPET_ENTRY_METHOD = "do_it$";
    private static final String INDENT = "    ";

    /** Where a snippet came from, to name cells and lines in tracebacks. */
    private record Origin(int cell, int firstLine, String cellText) {}

    private final LiveExecutionControl control = new LiveExecutionControl();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private final Map<String, Magic> magics = new ConcurrentHashMap<>();
    private final Set<String> classpath = new LinkedHashSet<>();
    private final List<String> imports = new ArrayList<>();
    private volatile boolean stopRequested;
    private int cellCount;

    /**
     * Starts JShell with the given class path (compiler and class loader) and runs the imports;
     * an import whose package does not exist (yet) is skipped, so the list may name packages that
     * later versions of the kit add.
     *
     * @param classpath entries as in {@code java.class.path}
     * @param importLines lines such as {@code import java.util.*;}
     */
    public CellEvaluator(List<String> classpath, List<String> importLines) {
        ExecutionControlProvider provider = new ExecutionControlProvider() {
            @Override
            public String name() {
                return "gankit-live";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
        this.shell = JShell.builder().executionEngine(provider, Map.of()).build();
        this.analysis = shell.sourceCodeAnalysis();
        for (String entry : classpath) {
            addToClasspath(entry);
        }
        for (String line : importLines) {
            List<SnippetEvent> events = shell.eval(line);
            if (!events.isEmpty() && events.get(0).status().isDefined()) {
                imports.add(line.trim());
            }
        }
    }

    /** The imports that took effect at start. */
    public List<String> imports() {
        return Collections.unmodifiableList(imports);
    }

    /** Registers a line magic under {@code name} (used as {@code %name}). */
    public void registerMagic(String name, Magic magic) {
        magics.put(name, magic);
    }

    /**
     * Adds a jar or class folder for both compiling and running later snippets.
     *
     * @return false when the entry was already on the class path
     */
    public synchronized boolean addToClasspath(String entry) {
        if (entry.isBlank() || !classpath.add(entry)) {
            return false;
        }
        shell.addToClasspath(entry);
        return true;
    }

    /** The class path entries known to the compiler. */
    public synchronized List<String> classpath() {
        return List.copyOf(classpath);
    }

    /**
     * Runs a cell.
     *
     * @return the live value of the cell's last expression (or magic), or null when the cell ends
     *     with a statement, a declaration, a void call or an expression whose value is null
     * @throws CellError when a snippet does not compile, throws, or is interrupted
     */
    public synchronized Object eval(String cell) {
        stopRequested = false;
        control.newCell();
        int cellNo = ++cellCount;
        try {
            Object value = null;
            int position = 0;
            Matcher magic = MAGIC_LINE.matcher(cell);
            while (magic.find()) {
                value = evalCode(cell, position, magic.start(), cellNo, value);
                value = runMagic(magic.group(1), magic.group(2), cell, magic.start());
                position = magic.end();
            }
            return evalCode(cell, position, cell.length(), cellNo, value);
        } finally {
            control.forget();
            System.out.flush();
            System.err.flush();
        }
    }

    /** Asks the running cell to stop: the current snippet is interrupted and the rest are skipped. */
    public void stop() {
        stopRequested = true;
        control.stop();
    }

    /**
     * Whether {@code code} is ready to run, in the terms of {@link BaseKernel#isComplete(String)}:
     * complete, invalid, or the indentation for the next line when more input is expected.
     */
    public synchronized String isComplete(String code) {
        String rest = MAGIC_LINE.matcher(code).replaceAll("");
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
        while (info.completeness().isComplete() && info.completeness() != Completeness.UNKNOWN) {
            rest = info.remaining();
            info = analysis.analyzeCompletion(rest);
        }
        switch (info.completeness()) {
            case EMPTY:
                return BaseKernel.IS_COMPLETE_YES;
            case UNKNOWN:
                return BaseKernel.IS_COMPLETE_BAD;
            case DEFINITELY_INCOMPLETE:
            case CONSIDERED_INCOMPLETE:
                return nextIndent(rest);
            default:
                return BaseKernel.IS_COMPLETE_YES;
        }
    }

    /** Completion candidates at {@code cursor}, with the range of {@code code} they replace. */
    public synchronized ReplacementOptions complete(String code, int cursor) {
        int[] range = snippetAround(code, cursor);
        String snippet = code.substring(range[0], range[1]);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(snippet, cursor - range[0], anchor);
        Set<String> candidates = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> candidates.add(s.continuation()));
        suggestions.forEach(s -> candidates.add(s.continuation()));
        return new ReplacementOptions(new ArrayList<>(candidates), range[0] + anchor[0], cursor);
    }

    /** Signatures (and Javadoc when {@code detail}) of what is at {@code cursor}, or null. */
    public synchronized String documentation(String code, int cursor, boolean detail) {
        int[] range = snippetAround(code, cursor);
        String snippet = code.substring(range[0], range[1]);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, cursor - range[0], detail);
        if (docs.isEmpty()) {
            return null;
        }
        return docs.stream()
                .map(d -> detail && d.javadoc() != null ? d.signature() + "\n" + d.javadoc() : d.signature())
                .collect(Collectors.joining("\n\n"));
    }

    @Override
    public void close() {
        shell.close();
    }

    private Object evalCode(String cell, int from, int to, int cellNo, Object previous) {
        Object value = previous;
        int position = from;
        while (position < to) {
            while (position < to && Character.isWhitespace(cell.charAt(position))) {
                position++;
            }
            if (position >= to) {
                break;
            }
            String rest = cell.substring(position, to);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            String source = info.completeness().isComplete() ? info.source() : rest;
            int consumed = info.completeness().isComplete() ? rest.length() - info.remaining().length() : rest.length();
            // A snippet may start with comments that JShell drops from its source.
            int start = position + Math.max(0, rest.indexOf(firstLineOf(source)));
            value = evalSnippet(source, cell, start, cellNo);
            // As in IPython, a final expression ended by ';' is run for its effect, not shown.
            if (endsWithSemicolon(rest.substring(0, consumed))) {
                value = null;
            }
            position += consumed;
        }
        return value;
    }

    private Object evalSnippet(String source, String cell, int start, int cellNo) {
        if (stopRequested) {
            throw interrupted(cell, start);
        }
        List<SnippetEvent> events = shell.eval(source);
        SnippetEvent main = events.stream().filter(e -> e.causeSnippet() == null).findFirst()
                .orElseThrow(() -> new IllegalStateException("JShell returned no event for: " + source));
        Snippet snippet = main.snippet();
        origins.put(snippet.id(), new Origin(cellNo, lineOf(cell, start), cell));
        if (control.wasStopped() || stopRequested) {
            throw interrupted(cell, start);
        }
        if (main.status() == Snippet.Status.REJECTED) {
            throw compilationError(snippet, source, cell, start);
        }
        JShellException thrown = main.exception();
        if (thrown != null) {
            throw runtimeError(thrown, control.lastThrown(), snippet);
        }
        if (main.status() == Snippet.Status.RECOVERABLE_DEFINED
                || main.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            System.err.println("note: line " + lineOf(cell, start) + " declares something that cannot be used until "
                    + shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet).collect(Collectors.joining(", "))
                    + " is defined");
        }
        switch (snippet.subKind()) {
            case VAR_VALUE_SUBKIND:
            case OTHER_EXPRESSION_SUBKIND:
            case TEMP_VAR_EXPRESSION_SUBKIND:
                return control.lastValue();
            default:
                return null;
        }
    }

    private Object runMagic(String name, String argLine, String cell, int start) {
        if (stopRequested) {
            throw interrupted(cell, start);
        }
        Magic magic = magics.get(name);
        int line = lineOf(cell, start);
        if (magic == null) {
            String known = magics.keySet().stream().sorted().map(n -> "%" + n).collect(Collectors.joining(", "));
            throw new CellError("UndefinedMagic", "%" + name + " is not a magic of this kernel",
                    List.of(red("UndefinedMagic: line " + line + ": %" + name + " is not a magic of this kernel"),
                            "known magics: " + (known.isEmpty() ? "none" : known)));
        }
        try {
            return magic.run(splitArgs(argLine));
        } catch (CellError e) {
            throw e;
        } catch (Exception e) {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new CellError(e.getClass().getName(), "%" + name + ": " + e.getMessage(),
                    List.of(red("line " + line + ": %" + name + " failed"), message));
        }
    }

    private CellError interrupted(String cell, int start) {
        return new CellError("Interrupted", "the cell was interrupted",
                List.of(red("Interrupted") + ": the cell was stopped at line " + lineOf(cell, start)));
    }

    private CellError compilationError(Snippet snippet, String source, String cell, int start) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag diag : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!diag.isError()) {
                continue;
            }
            String message = diag.getMessage(Locale.ROOT);
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            int from = start + clamp((int) diag.getStartPosition(), source);
            int to = start + clamp((int) Math.max(diag.getEndPosition(), diag.getStartPosition() + 1), source);
            from = Math.min(from, cell.length());
            to = Math.max(from, Math.min(to, cell.length()));
            int line = lineOf(cell, from);
            int lineStart = cell.lastIndexOf('\n', from - 1) + 1;
            int lineEnd = cell.indexOf('\n', lineStart);
            String text = cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd);
            int markEnd = Math.min(to, lineStart + text.length());
            lines.add(red("CompilationError") + ": line " + line + ":");
            lines.add(INDENT + text);
            lines.add(INDENT + " ".repeat(from - lineStart) + "^".repeat(Math.max(1, markEnd - from)));
            message.lines().forEach(l -> lines.add(l));
        }
        if (first == null) {
            first = "the snippet at line " + lineOf(cell, start) + " was rejected";
            lines.add(red("CompilationError") + ": " + first);
        }
        return new CellError("CompilationError", first, lines);
    }

    private CellError runtimeError(JShellException reported, Throwable live, Snippet snippet) {
        if (reported instanceof UnresolvedReferenceException) {
            UnresolvedReferenceException unresolved = (UnresolvedReferenceException) reported;
            String missing = shell.unresolvedDependencies(unresolved.getSnippet()).collect(Collectors.joining(", "));
            String message = unresolved.getSnippet().source().lines().findFirst().orElse("")
                    + " cannot be used until " + missing + " is defined";
            return new CellError("UnresolvedReference", message, List.of(red("UnresolvedReference") + ": " + message));
        }
        List<String> lines = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = live;
        Throwable translated = reported;
        boolean firstLink = true;
        while (current != null && seen.add(current)) {
            String header = current.toString();
            lines.add(firstLink ? red(header) : red("Caused by: " + header));
            List<StackTraceElement> snippetFrames = translated == null ? List.of()
                    : java.util.Arrays.stream(translated.getStackTrace())
                            .filter(f -> f.getFileName() != null && f.getFileName().startsWith("#"))
                            .collect(Collectors.toList());
            int snippetIndex = 0;
            List<String> frames = new ArrayList<>();
            for (StackTraceElement frame : current.getStackTrace()) {
                if (frame.getClassName().startsWith(SNIPPET_CLASS_PREFIX)) {
                    StackTraceElement mapped = snippetIndex < snippetFrames.size() ? snippetFrames.get(snippetIndex) : null;
                    snippetIndex++;
                    frames.add(INDENT + "at " + describeSnippetFrame(frame, mapped));
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
            lines.add(red(reported.getMessage() == null ? reported.toString() : reported.getMessage()));
        }
        String name = live != null ? live.getClass().getName()
                : reported instanceof EvalException ? ((EvalException) reported).getExceptionClassName() : "Exception";
        String message = live != null ? String.valueOf(live.getMessage()) : String.valueOf(reported.getMessage());
        return new CellError(name, name + ": " + message, lines);
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

    private String describeSnippetFrame(StackTraceElement frame, StackTraceElement mapped) {
        String method = SNIPPET_ENTRY_METHOD.equals(frame.getMethodName()) ? "" : frame.getMethodName() + " ";
        if (mapped == null) {
            return method + "(a cell)";
        }
        Origin origin = origins.get(mapped.getFileName().substring(1));
        if (origin == null) {
            return method + "(snippet " + mapped.getFileName() + ")";
        }
        int line = origin.firstLine() + mapped.getLineNumber() - 1;
        String text = nthLine(origin.cellText(), line).strip();
        String where = origin.cell() == cellCount ? "line " + line : "cell " + origin.cell() + ", line " + line;
        return method + "(" + where + "): " + text;
    }

    /** Frames of the machinery between the kernel and the user's snippet: reflection and this kernel. */
    private static boolean isKernelFrame(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.Method")
                || c.startsWith(LiveExecutionControl.class.getName()) || c.startsWith("java.lang.Thread");
    }

    /** The [start, end) range of the snippet of {@code code} that holds {@code cursor}. */
    private int[] snippetAround(String code, int cursor) {
        int position = 0;
        while (position < code.length()) {
            String rest = code.substring(position);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.completeness() == Completeness.UNKNOWN) {
                break;
            }
            int end = position + rest.length() - info.remaining().length();
            if (cursor <= end) {
                return new int[] {position, end};
            }
            position = end;
        }
        return new int[] {position, Math.max(position, Math.min(code.length(), Math.max(cursor, position)))};
    }

    private static String nextIndent(String partial) {
        String lastLine = partial.substring(partial.lastIndexOf('\n') + 1);
        String indent = lastLine.substring(0, lastLine.length() - lastLine.stripLeading().length());
        long opens = lastLine.chars().filter(c -> c == '{' || c == '(').count();
        long closes = lastLine.chars().filter(c -> c == '}' || c == ')').count();
        return opens > closes ? indent + INDENT : indent.isEmpty() ? INDENT : indent;
    }

    static List<String> splitArgs(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    args.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            args.add(current.toString());
        }
        return args;
    }

    /** Whether the code ends with ';', ignoring trailing comments. */
    static boolean endsWithSemicolon(String code) {
        String s = code.stripTrailing();
        while (true) {
            int lineStart = s.lastIndexOf('\n') + 1;
            int lineComment = s.indexOf("//", lineStart);
            if (s.endsWith("*/") && s.lastIndexOf("/*") >= 0) {
                s = s.substring(0, s.lastIndexOf("/*")).stripTrailing();
            } else if (lineComment >= 0) {
                s = s.substring(0, lineComment).stripTrailing();
            } else {
                return s.endsWith(";");
            }
        }
    }

    private static String firstLineOf(String source) {
        String stripped = source.strip();
        int newline = stripped.indexOf('\n');
        String first = newline < 0 ? stripped : stripped.substring(0, newline);
        // JShell may append a semicolon the user did not write.
        return first.endsWith(";") && first.length() > 1 ? first.substring(0, first.length() - 1) : first;
    }

    private static int clamp(int position, String source) {
        return Math.max(0, Math.min(position, source.length()));
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String nthLine(String text, int line) {
        List<String> lines = text.lines().collect(Collectors.toList());
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    private static String red(String text) {
        return "\u001b[1;31m" + text + "\u001b[0m";
    }
}
