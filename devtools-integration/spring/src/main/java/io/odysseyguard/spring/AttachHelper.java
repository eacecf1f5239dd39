package io.odysseyguard.spring;

import com.sun.tools.attach.VirtualMachine;

/**
 * The helper JVM's {@code main}: {@code AttachHelper <pid> <agent jar>} loads the agent into the JVM with that pid
 * and exits 0, or prints the failure's class and exits 1. Uses only the JDK ({@code jdk.attach}).
 */
public final class AttachHelper {
    private AttachHelper() {
    }

    public static void main(String[] args) {
        try {
            VirtualMachine vm = VirtualMachine.attach(args[0]);
            try {
                vm.loadAgent(args[1], args.length > 2 ? args[2] : null);
            } finally {
                vm.detach();
            }
        } catch (Throwable t) {
            System.out.println(t.getClass().getName());
            System.exit(1);
        }
    }
}
