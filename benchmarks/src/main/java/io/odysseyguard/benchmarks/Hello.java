package io.odysseyguard.benchmarks;

/** The hello-world JVM the start-up benchmark starts, with and without the agent. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello, world");
    }
}
