package io.gankit.metrics;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

/**
 * A metric value with its spread (where the metric has one) and its {@link Passport}.
 *
 * <pre>{@code
 * Score fid = Score.of("FID", FrechetDistance.between(real.stats(), fake.stats()), passport);
 * System.out.println(fid.toText());     // value, then the passport line by line
 * String json = fid.toJson();            // for summary.json
 * }</pre>
 *
 * @param metric   "FID", "KID", "IS", or a domain variant such as "FID (MNIST classifier)"
 * @param value    the score
 * @param std      standard deviation over splits / subsets, or NaN when the metric has none
 * @param passport how it was computed
 */
public record Score(String metric, double value, double std, Passport passport) {
    /** A score without a spread (FID). */
    public static Score of(String metric, double value, Passport passport) {
        return new Score(metric, value, Double.NaN, passport);
    }

    /** The value (and spread), then the passport. */
    public String toText() {
        String head = Double.isNaN(std)
                ? String.format("%s %.6g", metric, value)
                : String.format("%s %.6g +- %.3g", metric, value, std);
        return head + "\n" + passport.toText();
    }

    public JsonObject toJsonObject() {
        JsonObject o = new JsonObject();
        o.addProperty("metric", metric);
        o.addProperty("value", value);
        if (!Double.isNaN(std)) {
            o.addProperty("std", std);
        }
        o.add("passport", passport.toJson());
        return o;
    }

    /** Pretty-printed JSON. */
    public String toJson() {
        return new GsonBuilder()
                .setPrettyPrinting()
                .serializeNulls()
                .create()
                .toJson(toJsonObject());
    }
}
