package io.odysseyguard.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** What {@code list}, {@code release} and {@code reap} share: the state directory, {@code --json}, the output. */
abstract class Subcommand implements Callable<Integer> {

    @ParentCommand
    OdysseyGuardCommand top;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "JSON on standard output, for scripts (messages still go to standard error)")
    boolean json;

    private Warnings warnings;
    /** One "now" per run: every age is measured from it. */
    final long nowMillis = System.currentTimeMillis();

    Path stateDir() {
        return top.stateDirectory();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Warnings warnings() {
        if (warnings == null) {
            warnings = new Warnings(err());
        }
        return warnings;
    }

    /** A message for people on standard error: {@code odyssey-guard: ...}. */
    void say(String message) {
        err().println("odyssey-guard: " + message);
        err().flush();
    }

    /** The report, as text or as JSON. */
    void print(List<JvmReport> jvms) throws IOException {
        if (json) {
            JsonReport.write(out(), spec.name(), stateDir(), jvms, nowMillis);
        } else {
            Text.write(out(), jvms, nowMillis);
        }
    }
}
