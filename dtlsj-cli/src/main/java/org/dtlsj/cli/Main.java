package org.dtlsj.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dtlsj} command: {@code server}, {@code client}, {@code demo}, {@code bench}. */
@Command(name = "dtlsj", mixinStandardHelpOptions = true, version = "dtlsj 0.1.0",
        description = "DTLS 1.2 server, client, demo and bench, in the spirit of openssl s_server / s_client.",
        subcommands = {ServerCommand.class, ClientCommand.class, DemoCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
