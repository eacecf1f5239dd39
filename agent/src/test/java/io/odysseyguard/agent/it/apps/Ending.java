package io.odysseyguard.agent.it.apps;

/** How a test app ends once it is set up, as its test asks: {@code return}, {@code exit} or {@code wait}. */
final class Ending {
    private Ending() {
    }

    /** Prints {@code ready}, then returns from main ({@code return}), calls {@code System.exit(0)}, or waits to be stopped. */
    static void readyThen(String mode) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        switch (mode) {
            case "exit" -> System.exit(0);
            case "wait" -> Thread.sleep(120_000);
            default -> { }
        }
    }
}
