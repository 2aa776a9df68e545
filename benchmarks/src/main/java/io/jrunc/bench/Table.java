package io.jrunc.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one table {@link RunAll} prints: a row per measured case (median, p10–p90, unit, ratios of
 * the median to named reference rows), then the goals, each met or not.
 */
public final class Table {
    /** One measured case. */
    public record Row(String part, String name, Stats stats, String unit, String note) {
    }

    /**
     * A goal: {@code row}'s median compared with {@code factor} times {@code reference}'s median
     * (or with {@code factor} alone when {@code reference} is null).
     */
    public record Goal(String text, String row, String reference, double factor, boolean atMost) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, List<String>> ratios = new LinkedHashMap<>();
    private final List<Goal> goals = new ArrayList<>();

    /** Adds (or replaces) a row; its key is {@code part + "/" + name}. */
    public Table add(String part, String name, Stats stats, String unit, String note) {
        rows.put(part + "/" + name, new Row(part, name, stats, unit, note == null ? "" : note));
        return this;
    }

    /** Shows, in {@code part}'s rows, the ratio of each median to that of the row {@code reference}. */
    public Table ratiosTo(String part, String... references) {
        ratios.put(part, List.of(references));
        return this;
    }

    /** Adds a goal. */
    public Table goal(Goal g) {
        goals.add(g);
        return this;
    }

    /** The row of a key ({@code part/name}), or null. */
    public Row row(String key) {
        return rows.get(key);
    }

    /**
     * Whether a goal is met: "yes", "no", or "n/a" when a row it needs was not measured.
     *
     * @param g the goal
     * @return the verdict
     */
    public String verdict(Goal g) {
        double v = value(g);
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return (g.atMost() ? v <= g.factor() : v >= g.factor()) ? "yes" : "no";
    }

    /** The goal's measured value: a ratio of medians, or the row's median when there is no reference. */
    private double value(Goal g) {
        Row r = rows.get(g.row());
        if (r == null) {
            return Double.NaN;
        }
        if (g.reference() == null) {
            return r.stats().median();
        }
        Row ref = rows.get(g.reference());
        return ref == null ? Double.NaN : r.stats().median() / ref.stats().median();
    }

    /** The table as text: measured rows by part, then the goals. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        String part = null;
        for (Row r : rows.values()) {
            if (!r.part().equals(part)) {
                part = r.part();
                sb.append(String.format(Locale.ROOT, "%n%s%n", part));
                sb.append(String.format(Locale.ROOT, "  %-44s %5s %10s %21s  %-7s %s%n", "", "n", "median",
                        "p10 - p90", "unit", "ratios of medians"));
            }
            StringBuilder rat = new StringBuilder();
            for (String ref : ratios.getOrDefault(part, List.of())) {
                Row other = rows.get(part + "/" + ref);
                if (other != null && other != r) {
                    rat.append(String.format(Locale.ROOT, "%s%.2fx %s", rat.length() == 0 ? "" : ", ",
                            r.stats().median() / other.stats().median(), ref));
                }
            }
            Stats s = r.stats();
            sb.append(String.format(Locale.ROOT, "  %-44s %5d %10s %10s - %-8s  %-7s %s%s%n", r.name(), s.n(),
                    num(s.median()), num(s.p10()), num(s.p90()), r.unit(), rat,
                    r.note().isEmpty() ? "" : (rat.length() == 0 ? "" : "; ") + r.note()));
        }
        if (!goals.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%ngoals%n"));
            for (Goal g : goals) {
                double v = value(g);
                sb.append(String.format(Locale.ROOT, "  %-60s %10s  met: %s%n", g.text(),
                        Double.isNaN(v) ? "-" : g.reference() == null ? num(v) : String.format(Locale.ROOT,
                                "%.2fx", v), verdict(g)));
            }
        }
        return sb.toString();
    }

    /** Three significant digits or so, without exponent. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }
}
