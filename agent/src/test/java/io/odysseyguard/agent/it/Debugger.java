package io.odysseyguard.agent.it;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;

import java.util.Map;

/** A debugger's stop button: attaches over JDWP and ends the JVM with {@code VirtualMachine.exit}, as IDEs do. */
final class Debugger {
    private Debugger() {
    }

    static void exit(int port, int status) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.transport().name().equals("dt_socket")).findFirst().orElseThrow();
        Map<String, Connector.Argument> args = socket.defaultArguments();
        args.get("hostname").setValue("127.0.0.1");
        args.get("port").setValue(Integer.toString(port));
        VirtualMachine vm = socket.attach(args);
        try {
            vm.exit(status);
        } catch (RuntimeException e) {
            // the JVM may drop the connection as it exits
        }
    }
}
