package io.gankit.notebook;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.common.Text;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * How the kit's values look in a notebook: XChart charts as PNG pictures, Tablesaw tables as HTML
 * tables (first rows only, with the row count), images as PNG. Shared by the kernel and by
 * {@link Show}, so a value looks the same whether it ends a cell or is displayed on purpose.
 */
public final class Renderers {
    /** Tables longer than this show their first rows and say how many they left out. */
    public static final int MAX_TABLE_ROWS = 20;

    private Renderers() {}

    /** A renderer that knows images, text, charts and tables. */
    public static Renderer create() {
        Renderer renderer = new Renderer();
        Image.registerAll(renderer);
        Text.registerAll(renderer);
        registerAll(renderer);
        return renderer;
    }

    /** Adds the chart and table renderers to an existing renderer (images and text it knows already). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static void registerAll(Renderer renderer) {
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, context) -> context.renderIfRequested(
                        MIMEType.IMAGE_PNG,
                        () -> pngBase64(BitmapEncoder.getBufferedImage((Chart) chart))));
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((table, context) -> {
                    context.renderIfRequested(
                            MIMEType.TEXT_HTML, () -> tableHtml((Table) table, MAX_TABLE_ROWS));
                    context.renderIfRequested(
                            MIMEType.TEXT_PLAIN, () -> ((Table) table).print(MAX_TABLE_ROWS));
                });
    }

    /** The image as base64 PNG, the form Jupyter's {@code image/png} output takes. */
    public static String pngBase64(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException(
                        "no PNG writer for image of type " + image.getClass().getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** An HTML table of the first {@code maxRows} rows, with the table's name and size as caption. */
    public static String tableHtml(Table table, int maxRows) {
        StringBuilder html = new StringBuilder("<table class=\"gankit-table\">");
        String name = table.name() == null ? "" : table.name() + ": ";
        html.append("<caption>")
                .append(escape(
                        name + table.rowCount() + " rows × " + table.columnCount() + " columns"))
                .append("</caption><thead><tr>");
        for (String column : table.columnNames()) {
            html.append("<th>").append(escape(column)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        List<Column<?>> columns = table.columns();
        int shown = Math.min(maxRows, table.rowCount());
        for (int row = 0; row < shown; row++) {
            html.append("<tr>");
            for (Column<?> column : columns) {
                html.append("<td>").append(escape(column.getString(row))).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        if (shown < table.rowCount()) {
            html.append("<p>… ").append(table.rowCount() - shown).append(" more rows</p>");
        }
        return html.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
