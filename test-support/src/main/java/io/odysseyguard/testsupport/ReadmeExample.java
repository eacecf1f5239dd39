package io.odysseyguard.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java example a README marks with {@code <!-- readme-example: <path> runs this as written -->} followed by a
 * {@code ```java} block: where the README says it runs, and its code, so that a test can compare it with the test class
 * that does run.
 *
 * @param path the repository-relative path the marker names
 * @param code the code block, without its fences
 */
public record ReadmeExample(String path, String code) {
    private static final Pattern MARKED = Pattern.compile(
            "<!-- readme-example: (\\S+) runs this as written -->\\n```java\\n(.*?)```", Pattern.DOTALL);

    /** The first marked example of {@code readme}; fails when there is none. */
    public static ReadmeExample in(Path readme) throws IOException {
        Matcher block = MARKED.matcher(Files.readString(readme));
        if (!block.find()) {
            throw new AssertionError("no marked example (<!-- readme-example: ... -->) in " + readme);
        }
        return new ReadmeExample(block.group(1), block.group(2));
    }
}
