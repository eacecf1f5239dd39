package io.odysseyguard.benchmarks.fire;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Knows every secret the harness sent or was given (API keys, access tokens, session tokens, and the bad ones it made
 * up) and finds them in text: by value, and by shape, so a key or token the harness never saw is caught too.
 */
public final class SecretWatch {

    /** Secrets are made of these characters (base64url, JWT dots, the keys' underscores). */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_\\-.~]{12,}");
    /**
     * What a secret looks like even when its value is unknown: an API key, an access token, a JWT; each at the start of
     * a word (a Kotlin accessor such as {@code body_delegate} is not a key).
     */
    private static final Pattern SHAPE = Pattern.compile(
            "(?<![A-Za-z0-9_\\-])(ody_[A-Za-z0-9_\\-]{8,}|odyat_[A-Za-z0-9_\\-]{8,}|eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]*)");

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** Remembers a secret; too short a value cannot be told from ordinary words and is not a real secret anyway. */
    public String remember(String secret) {
        if (secret != null && secret.length() >= 12) {
            known.add(secret);
        }
        return secret;
    }

    /** Whether the text holds a known secret, or anything shaped like one. */
    public boolean leaksIn(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        if (SHAPE.matcher(text).find()) {
            return true;
        }
        Matcher words = WORD.matcher(text);
        while (words.find()) {
            // Secrets use only the word's characters, so one in a URL, a header or a message is a word of its own.
            if (known.contains(words.group())) {
                return true;
            }
        }
        return false;
    }

    /** The text fit for a report: anything secret-shaped or known replaced by {@code ***}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = SHAPE.matcher(text).replaceAll("***");
        Matcher words = WORD.matcher(out);
        StringBuilder redacted = new StringBuilder();
        while (words.find()) {
            String word = words.group();
            words.appendReplacement(redacted, Matcher.quoteReplacement(known.contains(word) ? "***" : word));
        }
        words.appendTail(redacted);
        return redacted.toString();
    }
}
