package org.dtlsj.bench.loopback;

import java.util.Collection;
import java.util.Map;
import org.dtlsj.bench.jmh.RecordBench;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link RecordBench} (JMH, one forked JVM, with the GC profiler) and adds its figures to the
 * table: nanoseconds per 1 KB record sealed and opened, and bytes allocated per record.
 */
final class JmhSuite {
    private JmhSuite() {
    }

    static void run(Results res, boolean full) {
        System.err.println("  JMH: RecordBench -prof gc");
        try {
            OptionsBuilder o = new OptionsBuilder();
            o.include(RecordBench.class.getName())
                    .forks(1)
                    .warmupIterations(full ? 3 : 1)
                    .warmupTime(TimeValue.milliseconds(full ? 500 : 200))
                    .measurementIterations(full ? 3 : 1)
                    .measurementTime(TimeValue.milliseconds(full ? 500 : 200))
                    .addProfiler(GCProfiler.class)
                    .verbosity(VerboseMode.SILENT);
            Collection<RunResult> results = new Runner(o.build()).run();
            for (RunResult r : results) {
                String bench = r.getParams().getBenchmark();
                String op = bench.substring(bench.lastIndexOf('.') + 1);
                String cipher = r.getParams().getParam("cipher");
                String size = r.getParams().getParam("size");
                res.put("jmh-" + op + "-" + cipher, "JMH " + op + " " + size + " B " + cipher + ", ns", true, Results.DTLSJ,
                        r.getPrimaryResult().getScore());
                for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                    if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                        res.put("jmh-alloc-" + op + "-" + cipher, "JMH " + op + " " + cipher + ", B/op", true, Results.DTLSJ,
                                e.getValue().getScore());
                    }
                }
            }
        } catch (Exception e) {
            res.problems.add("JMH: " + e);
        }
    }
}
