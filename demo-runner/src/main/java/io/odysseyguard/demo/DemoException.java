package io.odysseyguard.demo;

/** The demo could not run; the message says why, for a person (no stack trace needed). */
final class DemoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DemoException(String message) {
        super(message);
    }
}
