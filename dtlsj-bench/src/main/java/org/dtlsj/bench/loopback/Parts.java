package org.dtlsj.bench.loopback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one part of a bench run ({@link LoopbackBench#parts()}) in a JVM of its own, with this
 * JVM's heap settings and class path, and merges what it measured into this run's results. The
 * child writes its figures to standard output as tab-separated lines that start with
 * {@value #MARK}; its progress goes to standard error, which it shares with this JVM.
 */
final class Parts {
    static final String MARK = "@@";

    private Parts() {
    }

    static void runForked(String part, LoopbackBench.Plan plan, Results res) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xm")) cmd.add(a);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LoopbackBench.class.getName(), "--part=" + part,
                "--" + plan.name(), "--stacks=jsse,bc,scandium",
                String.format(Locale.ROOT, "--seconds=%s", plan.seconds()), "--clients=" + plan.clients(), "--idle=" + plan.idle()));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int lines = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (read(line, res)) lines++;
                }
            }
            int exit = p.waitFor();
            if (exit != 0 || lines == 0) res.problems.add(part + ": its JVM exited with " + exit + " after " + lines + " figures");
        } catch (IOException e) {
            res.problems.add(part + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            res.problems.add(part + ": interrupted");
        }
    }

    /** The child's side: every figure, ceiling, note and problem of {@code res}. */
    static void write(Results res, PrintStream out) {
        for (Results.Row r : res.rows.values()) {
            for (Map.Entry<String, Double> c : r.cells.entrySet()) {
                out.println(String.join("\t", MARK + "cell", r.key, r.label, Boolean.toString(r.lowerIsBetter), c.getKey(),
                        Double.toString(c.getValue())));
            }
        }
        for (Map.Entry<String, Double> e : res.udp.entrySet()) out.println(String.join("\t", MARK + "udp", e.getKey(), e.getValue().toString()));
        for (String n : res.notes) out.println(MARK + "note\t" + n);
        for (String p : res.problems) out.println(MARK + "problem\t" + p);
        out.flush();
    }

    /** One line from a child; false if it is not one of ours. */
    static boolean read(String line, Results res) {
        if (!line.startsWith(MARK)) return false;
        String[] f = line.split("\t", -1);
        switch (f[0].substring(MARK.length())) {
            case "cell" -> res.put(f[1], f[2], Boolean.parseBoolean(f[3]), f[4], Double.parseDouble(f[5]));
            case "udp" -> res.udp.put(f[1], Double.parseDouble(f[2]));
            case "note" -> res.notes.add(f[1]);
            case "problem" -> res.problems.add(f[1]);
            default -> {
                return false;
            }
        }
        return true;
    }
}
