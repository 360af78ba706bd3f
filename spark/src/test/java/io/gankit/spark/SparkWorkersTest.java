package io.gankit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The engine's settings, without a cluster. */
class SparkWorkersTest {
    private static final String MAIN = "io.gankit.cli.Main";

    @Test
    void executorsRunOneTaskAtATimeOnAsManyEngineThreadsAsTheTaskHasCores() {
        SparkConf conf = SparkWorkers.configure(new SparkConf(false), "spark://h:7077", MAIN);
        assertEquals("spark://h:7077", conf.get("spark.master"));
        assertEquals("1", conf.get("spark.executor.cores"));
        assertEquals("1", conf.get("spark.task.cpus"));
        assertTrue(conf.get("spark.executor.extraJavaOptions")
                .contains("-Dai.djl.pytorch.num_threads=1"));

        SparkConf four = new SparkConf(false).set("spark.task.cpus", "4");
        SparkWorkers.configure(four, "spark://h:7077", MAIN);
        assertEquals("4", four.get("spark.executor.cores"), "an executor as wide as its one task");
        assertTrue(four.get("spark.executor.extraJavaOptions")
                .contains("-Dai.djl.pytorch.num_threads=4"));
    }

    @Test
    void settingsThatPutTwoTrainingsInOneJvmAreRefused() {
        SparkConf wide = new SparkConf(false).set("spark.executor.cores", "4");
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> SparkWorkers.configure(wide, "spark://h:7077", MAIN));
        assertTrue(
                e.getMessage().contains("spark.executor.cores 4 with spark.task.cpus 1"),
                e.getMessage());
        BadInputException local = assertThrows(
                BadInputException.class,
                () -> SparkWorkers.configure(new SparkConf(false), "local[2]", MAIN));
        assertTrue(local.getMessage().contains("local[1]"), local.getMessage());
        SparkWorkers.configure(new SparkConf(false), "local[1]", MAIN); // one at a time: allowed
        BadInputException none = assertThrows(
                BadInputException.class,
                () -> SparkWorkers.configure(new SparkConf(false), null, MAIN));
        assertTrue(none.getMessage().contains("without --master"), none.getMessage());
    }

    @Test
    void theUsersOwnOptionsAndClassPathAreKept() {
        SparkConf conf = new SparkConf(false)
                .set("spark.executor.extraJavaOptions", "-Dmine=1")
                .set("spark.executor.extraClassPath", "/shared/gankit/lib/*");
        SparkWorkers.configure(conf, "spark://h:7077", MAIN);
        assertTrue(conf.get("spark.executor.extraJavaOptions").startsWith("-Dmine=1 "));
        assertFalse(conf.contains("spark.jars"), "the kit is on the executors' class path already");
    }

    @Test
    void aClusterGetsOneShardPerJob() {
        assertEquals(27, new SparkWorkers("spark://h:7077").shards(27));
    }
}
