package org.dtlsj.bench.loopback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run: rows (a figure such as "echo 1000 B, MB/s"), columns (an
 * implementation), and per row the ceiling it is compared with. Missing cells are figures an
 * implementation was not asked for, or could not produce.
 */
final class Results {
    /** One figure. {@code lowerIsBetter} for heap; {@code ceiling} NaN when there is none. */
    static final class Row {
        final String key;
        final String label;
        final boolean lowerIsBetter;
        final Map<String, Double> cells = new LinkedHashMap<>();
        double ceiling = Double.NaN;
        String ceilingName = "";
        String note = "";

        Row(String key, String label, boolean lowerIsBetter) {
            this.key = key;
            this.label = label;
            this.lowerIsBetter = lowerIsBetter;
        }

        Double get(String column) {
            return cells.get(column);
        }
    }

    static final String DTLSJ = "dtlsj";
    static final String DTLSJ_X25519 = "dtlsj x25519";
    /** dtlsj with Bouncy Castle's JCA provider for the public-key work (DtlsConfig.Builder.publicKeyProvider). */
    static final String DTLSJ_BC = "dtlsj+BC JCA";
    /** dtlsj's server with two event loops, each with its own SO_REUSEPORT socket. */
    static final String DTLSJ_2_LOOPS = "dtlsj 2 loops";

    final List<String> columns = new ArrayList<>();
    final Map<String, Row> rows = new LinkedHashMap<>();
    final List<String> problems = new ArrayList<>();
    /** Plain UDP echo by row key: the ceilings of the echo rows. */
    final Map<String, Double> udp = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();

    Row row(String key, String label, boolean lowerIsBetter) {
        return rows.computeIfAbsent(key, k -> new Row(key, label, lowerIsBetter));
    }

    void put(String key, String label, String column, double value) {
        put(key, label, false, column, value);
    }

    void put(String key, String label, boolean lowerIsBetter, String column, double value) {
        if (!columns.contains(column)) columns.add(column);
        row(key, label, lowerIsBetter).cells.put(column, value);
    }

    /** The best of the peers (every column but dtlsj's own) in this row, or NaN. */
    static double bestPeer(Row r, String[] name) {
        double best = Double.NaN;
        for (Map.Entry<String, Double> e : r.cells.entrySet()) {
            if (e.getKey().startsWith(DTLSJ) || e.getKey().equals("JCA") || e.getValue() == null || e.getValue().isNaN()) continue;
            double v = e.getValue();
            if (Double.isNaN(best) || (r.lowerIsBetter ? v < best : v > best)) {
                best = v;
                name[0] = e.getKey();
            }
        }
        return best;
    }
}
