package org.dtlsj.bench.loopback;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dtlsj.bench.loopback.Results.Row;

/** Prints the one table of a run, and draws it as an SVG chart. */
final class Report {
    private Report() {
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "-";
        double a = Math.abs(v);
        if (a >= 100_000) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) return "-";
        return String.format(Locale.ROOT, "%.2fx", a / b);
    }

    /**
     * The table: one line per figure, one column per implementation, then the best peer,
     * dtlsj against it (above 1x: dtlsj is better, whichever way the figure counts), the ceiling
     * and dtlsj's share of it.
     */
    static void printTable(Results res, PrintStream out) {
        int labelWidth = 34;
        for (Row r : res.rows.values()) labelWidth = Math.max(labelWidth, r.label.length() + 1);
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-" + labelWidth + "s", "figure"));
        for (String c : res.columns) h.append(String.format(Locale.ROOT, " %13s", c));
        h.append(String.format(Locale.ROOT, "  %-22s %9s  %-22s %9s", "best peer", "dtlsj/best", "ceiling", "of ceiling"));
        out.println(h);
        out.println("-".repeat(h.length()));
        for (Row r : res.rows.values()) {
            StringBuilder l = new StringBuilder(String.format(Locale.ROOT, "%-" + labelWidth + "s", r.label));
            for (String c : res.columns) {
                Double v = r.get(c);
                l.append(String.format(Locale.ROOT, " %13s", v == null ? "" : fmt(v)));
            }
            String[] who = {""};
            double best = Results.bestPeer(r, who);
            Double mine = r.get(Results.DTLSJ);
            double d = mine == null ? Double.NaN : mine;
            String vsBest = r.lowerIsBetter ? ratio(best, d) : ratio(d, best);
            l.append(String.format(Locale.ROOT, "  %-22s %9s", Double.isNaN(best) ? "-" : fmt(best) + " " + who[0], vsBest));
            if (!Double.isNaN(r.ceiling)) {
                l.append(String.format(Locale.ROOT, "  %-22s %9s", fmt(r.ceiling) + " " + r.ceilingName,
                        Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * d / r.ceiling)));
            }
            if (!r.note.isEmpty()) l.append("  ").append(r.note);
            out.println(l.toString().stripTrailing());
        }
    }

    private static final String[] COLORS = {"#1f6feb", "#7aa7f7", "#d1242f", "#bf8700", "#1a7f37", "#8250df", "#57606a"};

    /**
     * One panel per figure: a horizontal bar per implementation, scaled to the longest bar in the
     * panel, its value written beside it, and the ceiling as a dashed line when it fits on the scale.
     */
    static void writeSvg(Results res, Path file, String title) throws IOException {
        int width = 860;
        int barH = 16;
        int gap = 4;
        int labelW = 150;
        int plotW = 520;
        List<String> parts = new ArrayList<>();
        int y = 50;
        for (Row r : res.rows.values()) {
            // The JCA floor and JMH rows have one figure each; the table has them, the chart the comparisons.
            if (r.key.startsWith("floor-") || r.key.startsWith("jmh-")) continue;
            List<String> cols = new ArrayList<>();
            for (String c : res.columns) if (r.get(c) != null && !r.get(c).isNaN()) cols.add(c);
            if (cols.isEmpty()) continue;
            double max = 0;
            for (String c : cols) max = Math.max(max, r.get(c));
            boolean ceilingShown = !Double.isNaN(r.ceiling) && r.ceiling <= max * 1.5 && r.ceiling > 0;
            if (ceilingShown) max = Math.max(max, r.ceiling);
            if (max <= 0) max = 1;
            String[] who = {""};
            double best = Results.bestPeer(r, who);
            Double mine = r.get(Results.DTLSJ);
            String verdict = "";
            if (mine != null && !Double.isNaN(best)) {
                verdict = " \u2014 dtlsj at " + (r.lowerIsBetter ? ratio(best, mine) : ratio(mine, best)) + " the best peer (" + who[0] + ")";
            }
            if (mine != null && !Double.isNaN(r.ceiling)) {
                verdict += String.format(Locale.ROOT, ", %.0f%% of %s", 100 * mine / r.ceiling, r.ceilingName);
            }
            parts.add(String.format(Locale.ROOT, "<text x='10' y='%d' class='t'>%s%s<tspan class='s'>%s</tspan></text>", y, esc(r.label),
                    r.lowerIsBetter ? " (shorter is better)" : "", esc(verdict)));
            y += 8;
            int top = y;
            for (String c : cols) {
                double v = r.get(c);
                int w = (int) Math.round(plotW * v / max);
                String color = COLORS[Math.max(0, res.columns.indexOf(c)) % COLORS.length];
                parts.add(String.format(Locale.ROOT, "<text x='%d' y='%d' class='l'>%s</text>", labelW - 6, y + barH - 4, esc(c)));
                parts.add(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='%s'/>", labelW, y, Math.max(w, 1), barH, color));
                parts.add(String.format(Locale.ROOT, "<text x='%d' y='%d' class='v'>%s</text>", labelW + w + 6, y + barH - 4, fmt(v)));
                y += barH + gap;
            }
            if (ceilingShown) {
                int x = labelW + (int) Math.round(plotW * r.ceiling / max);
                parts.add(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' class='c'/>", x, top - 4, x, y));
                parts.add(String.format(Locale.ROOT, "<text x='%d' y='%d' class='cv'>%s %s</text>", x + 3, top - 1,
                        esc(r.ceilingName), fmt(r.ceiling)));
            } else if (!Double.isNaN(r.ceiling)) {
                parts.add(String.format(Locale.ROOT, "<text x='%d' y='%d' class='cv'>%s %s (off scale)</text>", labelW + plotW - 150,
                        top - 1, esc(r.ceilingName), fmt(r.ceiling)));
            }
            y += 18;
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d'>%n",
                width, y + 10, width, y + 10));
        svg.append("<style>text{font-family:sans-serif;font-size:12px}.t{font-weight:bold;font-size:13px}.l{text-anchor:end}"
                + ".v{fill:#24292f}.c{stroke:#57606a;stroke-dasharray:4 3}.cv{fill:#57606a;font-size:11px}.s{font-weight:normal;fill:#57606a}</style>\n");
        svg.append("<rect width='100%' height='100%' fill='white'/>\n");
        svg.append(String.format(Locale.ROOT, "<text x='10' y='24' class='t' style='font-size:15px'>%s</text>%n", esc(title)));
        for (String p : parts) svg.append(p).append('\n');
        svg.append("</svg>\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, svg);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
