package dev.executor.bench;

import dev.executor.testing.ExecutorProcess;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The executor's duration histograms from {@code /q/metrics} (Prometheus text): for each {@code *_seconds} series its
 * count and sum. Two scrapes around a run give what the run recorded: how many and the mean, whatever histograms the
 * executor has (Sourcegraph's {@code src_*} operation families and its own {@code executor_*} ones).
 */
final class MetricsScrape {

    private static final Pattern SERIES = Pattern.compile("^(\\w+)_seconds_(count|sum)(\\{[^}]*})?\\s+(\\S+)");

    /** Count and sum (seconds) of one series. */
    record Series(double count, double sum) {
    }

    private final Map<String, Series> series;

    private MetricsScrape(Map<String, Series> series) {
        this.series = series;
    }

    static MetricsScrape of(ExecutorProcess executor) {
        ExecutorProcess.HttpResult r = executor.get("/q/metrics");
        Map<String, double[]> values = new TreeMap<>();
        if (r.status() == 200) {
            for (String line : r.body().split("\n")) {
                Matcher m = SERIES.matcher(line);
                if (m.find()) {
                    String labels = m.group(3) == null ? "" : m.group(3).replace(",}", "}");
                    double[] v = values.computeIfAbsent(m.group(1) + labels, k -> new double[2]);
                    v[m.group(2).equals("count") ? 0 : 1] = Double.parseDouble(m.group(4));
                }
            }
        }
        Map<String, Series> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, new Series(v[0], v[1])));
        return new MetricsScrape(out);
    }

    /** What was recorded after {@code before}: per series with new observations, their count and sum. */
    Map<String, Series> since(MetricsScrape before) {
        Map<String, Series> out = new TreeMap<>();
        series.forEach((k, v) -> {
            Series b = before.series.getOrDefault(k, new Series(0, 0));
            if (v.count() > b.count()) {
                out.put(k, new Series(v.count() - b.count(), v.sum() - b.sum()));
            }
        });
        return out;
    }
}
