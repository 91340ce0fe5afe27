package dev.executor.bench;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's one table, rendered as Markdown so it can be pasted into docs/BENCHMARKS.md. */
final class Table {

    private record Row(String figure, String value, String how, String target) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String figure, String value, String how, String target) {
        rows.add(new Row(figure, value, how, target));
    }

    /** Adds a row at the top (a figure only known at the end of the run, but read first). */
    void addFirst(String figure, String value, String how, String target) {
        rows.add(0, new Row(figure, value, how, target));
    }

    String render() {
        StringBuilder b = new StringBuilder("| figure | value | how | target |\n|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.figure()).append(" | ").append(r.value()).append(" | ").append(r.how())
                    .append(" | ").append(r.target()).append(" |\n");
        }
        return b.toString();
    }
}
