package io.gankit.notebook;

import java.util.Base64;
import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

/**
 * Puts things into the notebook from a cell: {@code Show.display(chart)} shows a value now and
 * returns its display id; {@code Show.update(id, newChart)} redraws that output in place, which is
 * how live loss curves and progress bars work. Works in this kit's kernel and in upstream
 * IJava/JJava kernels built on the same base library; outside a notebook the values are printed.
 */
public final class Show {
    /** Where display messages go; the running kernel unless a test redirects them. */
    interface Sink {
        void display(DisplayData data);

        void update(DisplayData data);
    }

    private static final Renderer RENDERER = Renderers.create();
    private static volatile Sink redirect;

    private Show() {}

    /** Shows {@code value} (image, chart, table, text, ...) and returns the id to update it by. */
    public static String display(Object value) {
        return publish(render(value));
    }

    /** Replaces the output shown under {@code id} with {@code value}. */
    public static void update(String id, Object value) {
        republish(id, render(value));
    }

    /** Shows raw HTML. */
    public static String html(String html) {
        DisplayData data = new DisplayData(html.replaceAll("<[^>]*>", ""));
        data.putHTML(html);
        return publish(data);
    }

    /** Shows Markdown text. */
    public static String markdown(String markdown) {
        DisplayData data = new DisplayData(markdown);
        data.putMarkdown(markdown);
        return publish(data);
    }

    /**
     * Shows encoded image bytes as they are, for formats a BufferedImage cannot carry, such as an
     * animated GIF.
     *
     * @param mimeType for example {@code image/gif}
     */
    public static String image(byte[] bytes, String mimeType) {
        DisplayData data = new DisplayData("[" + mimeType + ", " + bytes.length + " bytes]");
        String base64 = Base64.getEncoder().encodeToString(bytes);
        data.putData(mimeType, base64);
        // nbconvert's HTML export skips image/gif; an <img> with a data URI shows everywhere.
        data.putHTML("<img src=\"data:" + mimeType + ";base64," + base64 + "\"/>");
        return publish(data);
    }

    /** How {@code value} would be shown, as a bundle of MIME types. */
    public static DisplayData render(Object value) {
        if (value instanceof DisplayData) {
            return (DisplayData) value;
        }
        return RENDERER.render(value == null ? "null" : value);
    }

    static String publish(DisplayData data) {
        String id = data.getDisplayId();
        if (id == null) {
            id = UUID.randomUUID().toString();
            data.setDisplayId(id);
        }
        Sink sink = sink();
        if (sink != null) {
            sink.display(data);
        } else {
            System.out.println(
                    data.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
        }
        return id;
    }

    static void republish(String id, DisplayData data) {
        data.setDisplayId(id);
        Sink sink = sink();
        if (sink != null) {
            sink.update(data);
        } else {
            System.out.println(
                    data.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
        }
    }

    /** Sends display messages to {@code sink} instead of the kernel (null restores the kernel). */
    static void redirect(Sink sink) {
        redirect = sink;
    }

    private static Sink sink() {
        Sink r = redirect;
        if (r != null) {
            return r;
        }
        BaseKernel kernel;
        try {
            kernel = BaseKernel.notebookKernel();
        } catch (NullPointerException notInANotebook) {
            return null;
        }
        return new Sink() {
            @Override
            public void display(DisplayData data) {
                kernel.getIO().display.display(data);
            }

            @Override
            public void update(DisplayData data) {
                kernel.getIO().display.updateDisplay(data);
            }
        };
    }
}
