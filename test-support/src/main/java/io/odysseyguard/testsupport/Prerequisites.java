package io.odysseyguard.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Programs a test needs from the machine (a browser, Node): when one is missing, the test skips itself, and one line on
 * the console says which, what the test needs and how to get it, so that the build's output shows why and not only
 * {@code Skipped: 1}:
 *
 * <pre>{@code
 * @BeforeEach
 * void start() {
 *     Optional<String> missing = Prerequisites.missingFiles(DashboardBrowserIT.class,
 *             "apt-get install chromium chromium-driver", Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromedriver"));
 *     assumeTrue(missing.isEmpty(), () -> missing.get());
 *     ...
 * }
 * }</pre>
 *
 * prints, where chromedriver is missing, {@code DashboardBrowserIT skipped: no /usr/bin/chromedriver; it needs
 * /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)}, and where both are,
 * {@code DashboardBrowserIT skipped: no /usr/bin/chromium or /usr/bin/chromedriver (apt-get install ...)}. JDK only, like the rest of
 * the kit: the caller hands the answer to its test framework's assumption. The line goes to standard error, which
 * Maven's Surefire and Failsafe show in the build's output, once per JVM however many tests ask. Assume in each test
 * (or {@code @BeforeEach}), not in {@code @BeforeAll}: Surefire counts the tests of a class skipped in
 * {@code @BeforeAll} as no tests at all ({@code Tests run: 0, Skipped: 0}), not as skipped.
 */
public final class Prerequisites {

    private static final Set<String> PRINTED = ConcurrentHashMap.newKeySet();

    private Prerequisites() {
    }

    /** Empty when every one of {@code files} is an executable file; otherwise the line printed, naming the missing ones. */
    public static Optional<String> missingFiles(Class<?> test, String howToGet, Path... files) {
        List<String> needed = Arrays.stream(files).map(Path::toString).toList();
        List<String> missing = Arrays.stream(files).filter(f -> !Files.isExecutable(f)).map(Path::toString).toList();
        return skipped(test, missing, "", needed, howToGet);
    }

    /** Empty when every one of {@code commands} is an executable on the {@code PATH}; otherwise the line printed. */
    public static Optional<String> missingCommands(Class<?> test, String howToGet, String... commands) {
        List<String> missing = Arrays.stream(commands).filter(c -> !onPath(c)).toList();
        return skipped(test, missing, " on the PATH", List.of(commands), howToGet);
    }

    /** {@code T skipped: no b; it needs a and b (how)}; {@code T skipped: no a or b (how)} when all are missing. */
    private static Optional<String> skipped(Class<?> test, List<String> missing, String where, List<String> needed,
            String howToGet) {
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String line = test.getSimpleName() + " skipped: no " + join(missing, " or ") + where
                + (missing.size() == needed.size() ? "" : "; it needs " + join(needed, " and ")) + " (" + howToGet + ")";
        if (PRINTED.add(line)) {
            System.err.println(line);
            System.err.flush();
        }
        return Optional.of(line);
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** {@code a}, {@code a and b}, {@code a, b and c} (or {@code or}). */
    private static String join(List<String> names, String last) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + last + names.get(names.size() - 1);
    }
}
