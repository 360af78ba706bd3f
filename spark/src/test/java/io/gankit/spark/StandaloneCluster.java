package io.gankit.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Spark standalone cluster on 127.0.0.1 for the tests, started and stopped by the kit's own
 * {@code scripts/spark-cluster} (a master and workers of one core, from Spark's jars in
 * {@code lib-spark/}, no download), in its own folder and on free ports.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path root;
    private final Path dir;
    private final int port;

    /** Starts a master and {@code workers} workers of {@code memory} each; returns once all registered. */
    StandaloneCluster(Path root, Path dir, int workers, String memory)
            throws IOException, InterruptedException {
        this.root = root;
        this.dir = dir;
        this.port = freePort();
        script(
                "start",
                "--workers",
                "" + workers,
                "--memory",
                memory,
                "--port",
                "" + port,
                "--web-port",
                "" + freePort(),
                "--dir",
                dir.toString());
    }

    /** The master's address. */
    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /**
     * Kills worker {@code k} and the executors it started, at once and without a word to the master
     * (SIGKILL), as when its machine is lost.
     */
    void killWorker(int k) throws IOException {
        long pid = Long.parseLong(
                Files.readString(dir.resolve("worker-" + k + ".pid")).strip());
        ProcessHandle worker = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(
                        "worker " + k + " (pid " + pid + ") is not running"));
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
    }

    /** The master's and workers' logs. */
    Path logs() {
        return dir.resolve("logs");
    }

    private void script(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(
                List.of(root.resolve("scripts/spark-cluster").toString()));
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("spark-cluster.log").toFile()))
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("scripts/spark-cluster " + args[0] + " failed; see "
                    + dir.resolve("spark-cluster.log") + " and " + logs());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("stop", "--dir", dir.toString());
    }
}
