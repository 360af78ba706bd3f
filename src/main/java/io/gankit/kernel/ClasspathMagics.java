package io.gankit.kernel;

import io.gankit.BadInputException;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * IJava's {@code %jars} and {@code %classpath} magics. Entries already on the kernel's own class
 * path (the kit's {@code lib/}) are skipped, so a notebook's first cell {@code %jars ../lib/*.jar},
 * written for upstream kernels, costs nothing here and cannot load a second copy of a class.
 */
final class ClasspathMagics {
    private final CellEvaluator evaluator;
    private final Path baseDir;
    private final Set<Path> kernelClasspath = new HashSet<>();

    /**
     * @param baseDir where relative paths start (the notebook's folder, the kernel's working folder)
     * @param jvmClasspath the kernel JVM's own class path entries
     */
    ClasspathMagics(CellEvaluator evaluator, Path baseDir, List<String> jvmClasspath) {
        this.evaluator = evaluator;
        this.baseDir = baseDir;
        for (String entry : jvmClasspath) {
            if (!entry.isBlank()) {
                kernelClasspath.add(canonical(Path.of(entry)));
            }
        }
    }

    /** {@code %jars a.jar lib/*.jar ...}: adds jar files, glob patterns allowed. */
    Object jars(List<String> args) throws IOException {
        if (args.isEmpty()) {
            throw new BadInputException(
                    "%jars needs at least one jar path or glob, e.g. %jars ../lib/*.jar");
        }
        for (String pattern : args) {
            for (Path jar : resolve(pattern)) {
                if (Files.isRegularFile(jar)) {
                    add(jar);
                }
            }
        }
        return null;
    }

    /** {@code %classpath dir:a.jar ...}: adds folders or jars, separated by spaces or the path separator. */
    Object classpath(List<String> args) throws IOException {
        if (args.isEmpty()) {
            throw new BadInputException("%classpath needs at least one folder or jar");
        }
        for (String arg : args) {
            for (String part : arg.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    for (Path path : resolve(part)) {
                        add(path);
                    }
                }
            }
        }
        return null;
    }

    private void add(Path path) {
        Path canonical = canonical(path);
        if (!kernelClasspath.contains(canonical)) {
            evaluator.addToClasspath(canonical.toString());
        }
    }

    /** The files a path or glob names; fails naming the pattern and folder when nothing matches. */
    List<Path> resolve(String pattern) throws IOException {
        String expanded = pattern.startsWith("~/")
                ? System.getProperty("user.home") + pattern.substring(1)
                : pattern;
        if (!hasGlob(expanded)) {
            Path path = baseDir.resolve(expanded).normalize();
            if (!Files.exists(path)) {
                throw new BadInputException(pattern + ": no such file or folder (" + path + ")");
            }
            return List.of(path);
        }
        Path absolute = baseDir.resolve(expanded).normalize();
        Path root = absolute.getRoot();
        int firstGlob = 0;
        while (firstGlob < absolute.getNameCount()
                && !hasGlob(absolute.getName(firstGlob).toString())) {
            firstGlob++;
        }
        Path start = firstGlob == 0 ? root : root.resolve(absolute.subpath(0, firstGlob));
        boolean deep = expanded.contains("**");
        int depth = deep ? Integer.MAX_VALUE : absolute.getNameCount() - firstGlob;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolute);
        List<Path> matches = new ArrayList<>();
        if (Files.isDirectory(start)) {
            // Followed links: a students' folder may hold lib/ as a link to the kit's.
            try (Stream<Path> walk = Files.walk(start, depth, FileVisitOption.FOLLOW_LINKS)) {
                matches = walk.filter(matcher::matches).sorted().collect(Collectors.toList());
            }
        }
        if (matches.isEmpty()) {
            throw new BadInputException(pattern + ": matches no file (looked in " + start
                    + "; build the kit with ./mvnw package if this is its lib/)");
        }
        return matches;
    }

    private static boolean hasGlob(String text) {
        return text.contains("*") || text.contains("?") || text.contains("[") || text.contains("{");
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
