package io.odysseyguard.hardstop;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;

/**
 * The per-user directory where guarded JVMs keep their {@link Journal} files and control sockets:
 * {@code $XDG_STATE_HOME/odyssey-guard}, by default {@code ~/.local/state/odyssey-guard}; on Windows
 * {@code %LOCALAPPDATA%\odyssey-guard}, on macOS {@code ~/Library/Application Support/odyssey-guard}. The
 * {@code state-dir} option overrides it. Created 0700: only its user may read what it holds (session tokens).
 */
public final class StateDirectory {
    public static final String NAME = "odyssey-guard";

    private StateDirectory() {
    }

    /** The directory for this user: {@code override} when given, else the platform's state directory. */
    public static Path resolve(String override, Map<String, String> env, String userHome, String osName) {
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, NAME);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") && env.get("LOCALAPPDATA") != null) {
            return Path.of(env.get("LOCALAPPDATA"), NAME);
        }
        if (os.startsWith("mac")) {
            return Path.of(userHome, "Library", "Application Support", NAME);
        }
        return Path.of(userHome, ".local", "state", NAME);
    }

    /** The directory for this JVM's user and options. */
    public static Path resolve(String override) {
        return resolve(override, System.getenv(), System.getProperty("user.home"), System.getProperty("os.name"));
    }

    /** Creates {@code dir} (and its parents) when missing, and makes it 0700 where permissions exist. */
    public static Path create(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (isPosix()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
