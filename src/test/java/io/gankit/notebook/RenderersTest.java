package io.gankit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RenderersTest {
    private final Renderer renderer = Renderers.create();

    @Test
    void bufferedImageBecomesAPngOfTheSamePixels() throws IOException {
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, Color.RED.getRGB());
        DisplayData data = renderer.render(image);
        BufferedImage decoded = decode(data);
        assertEquals(7, decoded.getWidth());
        assertEquals(5, decoded.getHeight());
        assertEquals(Color.RED.getRGB(), decoded.getRGB(3, 2));
        assertEquals(Color.BLACK.getRGB(), decoded.getRGB(0, 0));
    }

    @Test
    void xchartBecomesAPngOfTheChartsSize() throws IOException {
        XYChart chart =
                new XYChartBuilder().width(320).height(200).title("loss").build();
        chart.addSeries("d", new double[] {0, 1, 2}, new double[] {1.4, 1.2, 1.3});
        BufferedImage decoded = decode(renderer.render(chart));
        assertEquals(320, decoded.getWidth());
        assertEquals(200, decoded.getHeight());
    }

    @Test
    void tableBecomesEscapedHtmlWithTheFirstRowsAndACount() {
        int rows = Renderers.MAX_TABLE_ROWS + 5;
        Table table = Table.create(
                "history",
                IntColumn.create("step", IntStream.range(0, rows).toArray()),
                StringColumn.create(
                        "note",
                        IntStream.range(0, rows)
                                .mapToObj(i -> i == 0 ? "<b>&" : "n" + i)
                                .toArray(String[]::new)));
        DisplayData data = renderer.render(table);
        String html = (String) data.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<th>step</th><th>note</th>"), html);
        assertTrue(html.contains("<td>0</td><td>&lt;b&gt;&amp;</td>"), html);
        assertTrue(html.contains("<td>19</td>"), html);
        assertFalse(html.contains("<td>20</td>"), "only the first rows are shown");
        assertTrue(html.contains("5 more rows"), html);
        assertTrue(html.contains("history: 25 rows × 2 columns"), html);
        assertTrue(((String) data.getData(MIMEType.TEXT_PLAIN)).contains("step"));
    }

    static BufferedImage decode(DisplayData data) throws IOException {
        String png = (String) data.getData(MIMEType.IMAGE_PNG);
        assertTrue(png != null && !png.isEmpty(), "no image/png in the bundle");
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
    }
}
