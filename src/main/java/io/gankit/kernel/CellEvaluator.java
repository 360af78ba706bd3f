package io.gankit.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
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
 * back as {@link CellError}s that {@link Tracebacks} writes in terms of the cell (its line numbers
 * and source), and line magics ({@code %jars ...}) are run between snippets. A cell whose last
 * expression ends with {@code ;} shows no value, as in IPython. The Jupyter wire protocol is not
 * involved, so this class is what the kernel's unit tests drive.
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

    private static final Pattern MAGIC_LINE =
            Pattern.compile("(?m)^[ \\t]*%([A-Za-z]\\w*)([^\\n]*)$");
    private static final String INDENT = "    ";

    private final LiveExecutionControl control = new LiveExecutionControl();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Tracebacks tracebacks = new Tracebacks();
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
        suggestions.stream()
                .filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> candidates.add(s.continuation()));
        suggestions.forEach(s -> candidates.add(s.continuation()));
        return new ReplacementOptions(new ArrayList<>(candidates), range[0] + anchor[0], cursor);
    }

    /** Signatures (and Javadoc when {@code detail}) of what is at {@code cursor}, or null. */
    public synchronized String documentation(String code, int cursor, boolean detail) {
        int[] range = snippetAround(code, cursor);
        String snippet = code.substring(range[0], range[1]);
        List<SourceCodeAnalysis.Documentation> docs =
                analysis.documentation(snippet, cursor - range[0], detail);
        if (docs.isEmpty()) {
            return null;
        }
        return docs.stream()
                .map(d -> detail && d.javadoc() != null
                        ? d.signature() + "\n" + d.javadoc()
                        : d.signature())
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
            int consumed = info.completeness().isComplete()
                    ? rest.length() - info.remaining().length()
                    : rest.length();
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
            throw tracebacks.interrupted(cell, start);
        }
        List<SnippetEvent> events = shell.eval(source);
        SnippetEvent main = events.stream()
                .filter(e -> e.causeSnippet() == null)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("JShell returned no event for: " + source));
        Snippet snippet = main.snippet();
        tracebacks.remember(snippet.id(), cellNo, cell, start);
        if (control.wasStopped() || stopRequested) {
            throw tracebacks.interrupted(cell, start);
        }
        if (main.status() == Snippet.Status.REJECTED) {
            throw tracebacks.compilationError(problems(snippet), source, cell, start);
        }
        JShellException thrown = main.exception();
        if (thrown instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet declaration = unresolved.getSnippet();
            throw tracebacks.unresolvedReference(
                    declaration.source(),
                    shell.unresolvedDependencies(declaration).collect(Collectors.toList()));
        }
        if (thrown != null) {
            throw tracebacks.exception(control.lastThrown(), thrown, cellNo);
        }
        if (main.status() == Snippet.Status.RECOVERABLE_DEFINED
                || main.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            System.err.println("note: line " + Tracebacks.lineOf(cell, start)
                    + " declares something that cannot be used until "
                    + shell.unresolvedDependencies((DeclarationSnippet) snippet)
                            .collect(Collectors.joining(", "))
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
            throw tracebacks.interrupted(cell, start);
        }
        Magic magic = magics.get(name);
        if (magic == null) {
            throw tracebacks.undefinedMagic(name, cell, start, magics.keySet());
        }
        try {
            return magic.run(splitArgs(argLine));
        } catch (CellError e) {
            throw e;
        } catch (Exception e) {
            throw tracebacks.magicFailed(name, cell, start, e);
        }
    }

    /** The compiler's errors in a rejected snippet. */
    private List<Tracebacks.Problem> problems(Snippet snippet) {
        return shell.diagnostics(snippet)
                .filter(Diag::isError)
                .map(d -> new Tracebacks.Problem(
                        d.getMessage(Locale.ROOT), d.getStartPosition(), d.getEndPosition()))
                .collect(Collectors.toList());
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
        return new int[] {
            position, Math.max(position, Math.min(code.length(), Math.max(cursor, position)))
        };
    }

    private static String nextIndent(String partial) {
        String lastLine = partial.substring(partial.lastIndexOf('\n') + 1);
        String indent = lastLine.substring(
                0, lastLine.length() - lastLine.stripLeading().length());
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
        return first.endsWith(";") && first.length() > 1
                ? first.substring(0, first.length() - 1)
                : first;
    }
}
