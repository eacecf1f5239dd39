package io.odysseyguard.agent.instrumentation;

/**
 * Whether a class file names the guard's package ({@code io/odysseyguard/guard/} in a type, or
 * {@code io.odysseyguard.guard.} in a string, as {@code Class.forName} takes it): such a class waits for the guard to
 * be ready before it is defined, so that its first call finds the agent started (the API answering "active", a
 * bootstrap class resolving) rather than a JVM in the few milliseconds before. A plain scan of the bytes (constant pool
 * strings are stored as they read, for these ASCII names); the transformer does it only until the guard is ready.
 */
final class GuardReferences {
    private static final byte[] NAME = "odysseyguard".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] PACKAGE = "guard".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private GuardReferences() {
    }

    static boolean in(byte[] classFile) {
        int last = classFile.length - (3 + NAME.length + 1 + PACKAGE.length + 1);
        for (int i = 0; i <= last; i++) {
            if (classFile[i] == 'i' && classFile[i + 1] == 'o' && isSeparator(classFile[i + 2])
                    && matches(classFile, i + 3)) {
                return true;
            }
        }
        return false;
    }

    /** {@code odysseyguard<sep>guard<sep>} at {@code at}, with the separator that followed {@code io}. */
    private static boolean matches(byte[] b, int at) {
        byte separator = b[at - 1];
        for (int k = 0; k < NAME.length; k++) {
            if (b[at + k] != NAME[k]) {
                return false;
            }
        }
        int p = at + NAME.length;
        if (b[p] != separator) {
            return false;
        }
        for (int k = 0; k < PACKAGE.length; k++) {
            if (b[p + 1 + k] != PACKAGE[k]) {
                return false;
            }
        }
        return b[p + 1 + PACKAGE.length] == separator;
    }

    private static boolean isSeparator(byte b) {
        return b == '/' || b == '.';
    }
}
