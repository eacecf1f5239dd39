package io.odysseyguard.guard;

/** Class-loader helpers: descriptions that hold no reference, and the "is below" relation. */
final class Loaders {
    private Loaders() {
    }

    /** {@code app}, {@code platform}, {@code bootstrap} or {@code SimpleName@hash} (plus its name if it has one). */
    static String describe(ClassLoader loader) {
        if (loader == null) {
            return "bootstrap";
        }
        if (loader == ClassLoader.getSystemClassLoader()) {
            return "app";
        }
        if (loader == ClassLoader.getPlatformClassLoader()) {
            return "platform";
        }
        String simple = loader.getClass().getSimpleName();
        if (simple.isEmpty()) {
            simple = loader.getClass().getName();
        }
        String text = simple + "@" + Integer.toHexString(System.identityHashCode(loader));
        String name = loader.getName();
        return name == null ? text : text + " '" + name + "'";
    }

    /** True if {@code loader} is {@code ancestor} or has it among its parents. */
    static boolean isSameOrBelow(ClassLoader loader, ClassLoader ancestor) {
        if (ancestor == null) {
            return false;
        }
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l == ancestor) {
                return true;
            }
        }
        return false;
    }
}
