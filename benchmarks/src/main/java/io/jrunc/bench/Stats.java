package io.jrunc.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A summary of samples: count, median, 10th and 90th percentiles (linear interpolation between
 * the closest ranks, as numpy's default does).
 *
 * @param n the number of samples
 * @param median the 50th percentile
 * @param p10 the 10th percentile
 * @param p90 the 90th percentile
 */
public record Stats(int n, double median, double p10, double p90) {

    /** No samples: every value NaN. */
    public static final Stats NONE = new Stats(0, Double.NaN, Double.NaN, Double.NaN);

    /**
     * Summarizes samples.
     *
     * @param samples the values, in any order (not changed)
     * @return their summary, {@link #NONE} if there are none
     */
    public static Stats of(List<Double> samples) {
        if (samples.isEmpty()) {
            return NONE;
        }
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        return new Stats(s.size(), percentile(s, 50), percentile(s, 10), percentile(s, 90));
    }

    /** One value measured once (n = 1, no spread). */
    public static Stats single(double value) {
        return new Stats(1, value, value, value);
    }

    /**
     * The percentile of sorted values.
     *
     * @param sorted the values, ascending, not empty
     * @param pct 0 to 100
     * @return the interpolated percentile
     */
    static double percentile(List<Double> sorted, double pct) {
        double pos = pct / 100 * (sorted.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
    }

    /** This summary with every value multiplied by {@code f} (a change of unit). */
    public Stats scaled(double f) {
        return new Stats(n, median * f, p10 * f, p90 * f);
    }
}
