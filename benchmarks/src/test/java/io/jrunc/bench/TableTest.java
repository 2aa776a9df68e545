package io.jrunc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {
    private static Table table() {
        return new Table()
                .add("p", "fast", new Stats(10, 4, 3, 9), "ms", null)
                .add("p", "ref", new Stats(10, 8, 7, 20), "ms", "a note")
                .add("p", "floor", new Stats(10, 2, 2, 3), "ms", null)
                .ratiosTo("p", "ref", "floor");
    }

    @Test
    void goalsCompareRatiosOfMedians() {
        Table t = table();
        assertThat(t.verdict(new Table.Goal("", "p/fast", "p/ref", 0.5, true))).isEqualTo("yes");
        assertThat(t.verdict(new Table.Goal("", "p/fast", "p/ref", 0.49, true))).isEqualTo("no");
        assertThat(t.verdict(new Table.Goal("", "p/fast", "p/floor", 2, true))).isEqualTo("yes");
        assertThat(t.verdict(new Table.Goal("", "p/ref", "p/fast", 1, false))).isEqualTo("yes");
        assertThat(t.verdict(new Table.Goal("", "p/fast", "p/ref", 1, false))).isEqualTo("no");
    }

    @Test
    void goalsWithoutReferenceCompareTheMedianItself() {
        Table t = table();
        assertThat(t.verdict(new Table.Goal("", "p/fast", null, 4, true))).isEqualTo("yes");
        assertThat(t.verdict(new Table.Goal("", "p/fast", null, 3.9, true))).isEqualTo("no");
    }

    @Test
    void aGoalOnAnUnmeasuredRowIsNotApplicable() {
        Table t = table().add("p", "empty", Stats.NONE, "ms", null);
        assertThat(t.verdict(new Table.Goal("", "p/missing", "p/ref", 1, true))).isEqualTo("n/a");
        assertThat(t.verdict(new Table.Goal("", "p/empty", "p/ref", 1, true))).isEqualTo("n/a");
    }

    @Test
    void renderShowsEveryRowWithRatiosAndTheGoals() {
        String text = table().goal(new Table.Goal("fast <= half of ref", "p/fast", "p/ref", 0.5, true)).render();
        assertThat(text).contains("fast", "4.00", "3.00 - 9.00", "0.50x ref, 2.00x floor");
        assertThat(text).contains("ref", "4.00x floor; a note", "0.25x ref").doesNotContain("x fast");
        assertThat(text).containsPattern("fast <= half of ref +0.50x  met: yes");
    }

    @Test
    void numbersKeepAboutThreeSignificantDigits() {
        assertThat(Table.num(1234.5)).isEqualTo("1235");
        assertThat(Table.num(12.345)).isEqualTo("12.3");
        assertThat(Table.num(1.2345)).isEqualTo("1.23");
        assertThat(Table.num(0.012345)).isEqualTo("0.012");
        assertThat(Table.num(Double.NaN)).isEqualTo("-");
    }
}
