package io.odysseyguard.cli;

import io.odysseyguard.hardstop.JvmIdentity;
import io.odysseyguard.hardstop.StatusReply;

import java.util.List;

/**
 * What a subcommand says about one JVM, before it is written as text ({@link Text}) or JSON ({@link JsonReport}).
 * Built from {@link StatusReply.Listed} sessions only: nothing here can hold a session token.
 *
 * @param state       {@code running}, {@code not-answering} or {@code gone}
 * @param watchdogPid its watchdog's pid, 0 when none or not known
 * @param headline    the text line's summary after {@code pid N (main class): }
 * @param problem     why the JVM could not be asked, else null
 */
record JvmReport(JvmIdentity jvm, String state, long watchdogPid, String headline, String problem,
                 List<Line> sessions) {

    /**
     * One session.
     *
     * @param result {@code released}, {@code not-released}, {@code closed}, {@code refused}, {@code unreachable};
     *               null in {@code list}
     * @param detail the result's words for people ({@code already ended: session closed}), null when none
     */
    record Line(StatusReply.Listed session, String result, String detail) {
    }
}
