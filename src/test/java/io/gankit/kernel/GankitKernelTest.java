package io.gankit.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GankitKernelTest {
    private static GankitKernel kernel;

    @BeforeAll
    static void start() {
        kernel = new GankitKernel(CellEvaluatorTest.testClasspath());
        kernel.startEvaluator(Path.of("").toAbsolutePath());
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void cellValuesAreRenderedByTheKitsRenderers() {
        DisplayData image = kernel.eval("new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB)");
        assertTrue(
                image.hasDataForType(MIMEType.IMAGE_PNG),
                "BufferedImage is imported and shown as PNG");
        DisplayData table = kernel.eval("Table.create(\"t\", IntColumn.create(\"a\", 1, 2))");
        assertTrue(((String) table.getData(MIMEType.TEXT_HTML)).contains("<th>a</th>"));
        DisplayData chart = kernel.eval("new XYChartBuilder().width(100).height(80).build()");
        assertTrue(chart.hasDataForType(MIMEType.IMAGE_PNG));
        assertNull(kernel.eval("int unused = 1;"));
    }

    @Test
    void cellErrorsAreFormattedAsTheirTraceback() {
        CellError e = assertThrows(
                CellError.class, () -> kernel.eval("throw new IllegalArgumentException(\"bad\");"));
        assertEquals(e.traceback(), kernel.formatError(e));
        assertTrue(CellEvaluatorTest.plain(kernel.formatError(e))
                .startsWith("java.lang.IllegalArgumentException: bad"));
    }

    @Test
    void kitPackagesAreFoundInTheClassFolder() throws IOException {
        List<String> packages = GankitKernel.kitPackages(Path.of("target/classes"));
        assertTrue(packages.contains("io.gankit"), packages.toString());
        assertTrue(packages.contains("io.gankit.notebook"), packages.toString());
        assertTrue(packages.contains("io.gankit.cli"), packages.toString());
    }
}
