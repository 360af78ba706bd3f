package io.gankit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShowTest {
    private final List<DisplayData> shown = new ArrayList<>();
    private final List<DisplayData> updated = new ArrayList<>();

    @BeforeEach
    void record() {
        Show.redirect(new Show.Sink() {
            @Override
            public void display(DisplayData data) {
                shown.add(data);
            }

            @Override
            public void update(DisplayData data) {
                updated.add(data);
            }
        });
    }

    @AfterEach
    void restore() {
        Show.redirect(null);
    }

    @Test
    void displayThenUpdateUseOneDisplayId() {
        String id = Show.display("first");
        Show.update(id, new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB));
        assertEquals(1, shown.size());
        assertEquals(id, shown.get(0).getDisplayId());
        assertEquals("first", shown.get(0).getData(MIMEType.TEXT_PLAIN));
        assertEquals(1, updated.size());
        assertEquals(id, updated.get(0).getDisplayId());
        assertTrue(updated.get(0).hasDataForType(MIMEType.IMAGE_PNG));
    }

    @Test
    void eachDisplayGetsItsOwnId() {
        assertTrue(!Show.display(1).equals(Show.display(1)));
    }

    @Test
    void rawBytesKeepTheirMimeType() {
        Show.image(new byte[] {'G', 'I', 'F'}, "image/gif");
        assertEquals("R0lG", shown.get(0).getData(MIMEType.IMAGE_GIF));
        assertEquals(
                "<img src=\"data:image/gif;base64,R0lG\"/>",
                shown.get(0).getData(MIMEType.TEXT_HTML));
    }

    @Test
    void progressBarRedrawsInPlaceAndEndsFull() {
        Progress bar = Progress.start("epochs", 4);
        for (int i = 0; i < 4; i++) {
            bar.step("loss " + i);
        }
        assertEquals(1, shown.size(), "a bar is displayed once");
        assertTrue(updated.size() >= 1, "and then updated");
        DisplayData last = updated.get(updated.size() - 1);
        assertEquals(bar.displayId(), last.getDisplayId());
        String text = (String) last.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.startsWith("epochs [" + "#".repeat(30) + "] 4/4 (100%)"), text);
        assertTrue(text.endsWith("loss 3"), text);
        assertTrue(((String) last.getData(MIMEType.TEXT_HTML))
                .contains("<progress value=\"4\" max=\"4\""));
        assertEquals(4, bar.done());
    }

    @Test
    void progressHalfWayDrawsHalfTheBar() {
        Progress bar = Progress.start("steps", 10);
        bar.set(5, "");
        String text = (String) bar.render().getData(MIMEType.TEXT_PLAIN);
        assertTrue(
                text.startsWith("steps [" + "#".repeat(15) + ".".repeat(15) + "] 5/10 (50%)"),
                text);
    }

    @Test
    void progressNeedsAPositiveTotal() {
        BadInputException e = assertThrows(BadInputException.class, () -> Progress.start("x", 0));
        assertTrue(e.getMessage().contains("total 0"));
    }
}
