package io.gankit.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class TheoryChartsTest {
    @Test
    void histogramGivesTheFractionPerBin() {
        List<Double> h = TheoryCharts.histogram(new double[] {0.05, 0.15, 0.15, 1.0, -0.2}, 10);
        assertEquals(10, h.size());
        assertEquals(0.4, h.get(0), 1e-12, "0.05 and the clamped -0.2");
        assertEquals(0.4, h.get(1), 1e-12);
        assertEquals(0.2, h.get(9), 1e-12, "1.0 falls in the last bin");
        assertEquals(1.0, h.stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    }

    @Test
    void optimalDiscriminatorChartCarriesTheThreeCurves() {
        double[] xs = {0, 1, 2};
        XYChart chart = TheoryCharts.optimalDiscriminator(
                xs, new double[] {1, 2, 3}, new double[] {3, 2, 1}, new double[] {0.25, 0.5, 0.75});
        assertEquals(
                List.of("p_data", "p_g", "D*"), List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(
                new double[] {0.25, 0.5, 0.75}, chart.getSeriesMap().get("D*").getYData());
    }

    @Test
    void gradientChartShowsGradientSizes() {
        XYChart chart = TheoryCharts.generatorGradients(
                new double[] {0.1, 0.9}, new double[] {-0.1, -0.9}, new double[] {-0.9, -0.1});
        assertArrayEquals(
                new double[] {0.1, 0.9},
                chart.getSeriesMap().get("saturating: log(1 - D(G(z)))").getYData());
    }

    @Test
    void probabilityHistogramHasOneSeriesPerGroup() {
        Map<String, double[]> groups = new LinkedHashMap<>();
        groups.put("real", new double[] {0.9, 0.8});
        groups.put("generated", new double[] {0.1});
        XYChart chart = TheoryCharts.probabilityHistogram("D", groups, 5);
        assertArrayEquals(
                new double[] {0, 0, 0, 0, 1, 1},
                chart.getSeriesMap().get("real").getYData(),
                1e-12);
        assertEquals(
                List.of("real", "generated"), List.copyOf(chart.getSeriesMap().keySet()));
    }
}
