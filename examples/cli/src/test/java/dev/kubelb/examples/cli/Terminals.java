package dev.kubelb.examples.cli;

import java.io.IOException;
import java.util.List;

/** Runs the jar on a pseudo-terminal ({@code script(1)}), as a user at a terminal does. */
final class Terminals {
    private Terminals() {
    }

    /**
     * @param j the runner
     * @param args the arguments, as one shell string
     * @return what the terminal showed (stdout and stderr together) and the exit code
     */
    static Jar.Proc inPty(Jar j, String args) throws IOException, InterruptedException {
        // script -q: no banner; -e: its exit code is the command's; -c: the command; /dev/null: no typescript file
        return j.exec(List.of("script", "-qec", "kubelb " + args, "/dev/null"), "");
    }
}
