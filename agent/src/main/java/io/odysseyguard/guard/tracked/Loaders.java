package io.odysseyguard.guard.tracked;

import java.util.function.Predicate;

/** Class-loader helpers: descriptions that hold no reference, and walks up a loader's parents. */
public final class Loaders {
    private Loaders() {
    }

    /** {@code app}, {@code platform}, {@code bootstrap} or {@code SimpleName@hash} (plus its name if it has one). */
    public static String describe(ClassLoader loader) {
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

    /** True if {@code loader} or one of its parents is accepted by {@code wanted}. */
    public static boolean anyInChain(ClassLoader loader, Predicate<ClassLoader> wanted) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (wanted.test(l)) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code loader} is {@code ancestor} or has it among its parents. */
    public static boolean isSameOrBelow(ClassLoader loader, ClassLoader ancestor) {
        return ancestor != null && anyInChain(loader, l -> l == ancestor);
    }

    /** True if {@code loader}'s class is named {@code className} or extends a class of that name. */
    public static boolean isInstanceOf(ClassLoader loader, String className) {
        for (Class<?> c = loader.getClass(); c != null && c != ClassLoader.class; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
