package io.gankit.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineBufferedStreamTest {
    /** Each flush of the target is one Jupyter stream message; record what each carried. */
    private final List<String> messages = new ArrayList<>();

    private final StringBuilder current = new StringBuilder();
    private final PrintStream target = new PrintStream(
            new OutputStream() {
                @Override
                public void write(int b) {
                    current.append((char) b);
                }

                @Override
                public void flush() {
                    if (current.length() > 0) {
                        messages.add(current.toString());
                        current.setLength(0);
                    }
                }
            },
            false,
            StandardCharsets.UTF_8);

    @Test
    void printfPiecesArriveAsOneLine() {
        PrintStream out = LineBufferedStream.over(target);
        out.printf("%s: %,d parameters%n", "generator", 1486352);
        out.print("tail without newline");
        assertEquals(List.of("generator: 1,486,352 parameters\n"), messages);
        out.flush();
        assertEquals(
                List.of("generator: 1,486,352 parameters\n", "tail without newline"), messages);
    }

    @Test
    void severalLinesInOneWriteStayTogetherAndThePartialRestWaits() {
        PrintStream out = LineBufferedStream.over(target);
        out.print("a\nb\nc");
        assertEquals(List.of("a\nb\n"), messages);
        out.println();
        assertEquals(List.of("a\nb\n", "c\n"), messages);
    }
}
