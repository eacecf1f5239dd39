package io.odysseyguard.agent;

import java.util.List;

/**
 * One guarded class: its name, the methods that open a connection and the no-argument methods that close it
 * (the first that exists is used for release; all of them untrack).
 */
record TargetSpec(String className, List<String> openMethods, List<String> closeMethods) {
    static final TargetSpec ODYSSEY_CLIENT = new TargetSpec("io.odysseyguard.client.OdysseyClient",
            List.of("connect"), List.of("disconnect", "close"));

    String internalName() {
        return className.replace('.', '/');
    }

    /** {@code disconnect|close}: the form the bootstrap tracker receives. */
    String closeMethodsText() {
        return String.join("|", closeMethods);
    }

    @Override
    public String toString() {
        return className + "#" + String.join("|", openMethods) + "/" + String.join("|", closeMethods);
    }
}
