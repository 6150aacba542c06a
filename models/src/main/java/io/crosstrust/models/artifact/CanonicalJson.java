package io.crosstrust.models.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical serialisation a model artifact's content hash is computed over (specified in
 * docs/model-artifact.md so that any language can reproduce it):
 *
 * <ul>
 *   <li>objects: members sorted by key in Unicode code point order, written {@code {"k":v,"k2":v2}}
 *       with no whitespace;
 *   <li>arrays: {@code [v1,v2]};
 *   <li>strings: in double quotes, escaping only {@code "} {@code \} and U+0000..U+001F ({@code \b
 *       \f \n \r \t}, others as backslash, u and four lowercase hex digits), every other character
 *       as itself, the whole text encoded as UTF-8;
 *   <li>integers (JSON numbers without fraction or exponent): their decimal digits;
 *   <li>floats (JSON numbers with a fraction or exponent): {@code d} followed by the 16 lowercase
 *       hex digits of the IEEE-754 binary64 bits, big-endian, so the hash never depends on how a
 *       language prints doubles;
 *   <li>{@code true}, {@code false}, {@code null}.
 * </ul>
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    public static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder(4096);
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> keys = new ArrayList<>();
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    keys.add(it.next());
                }
                keys.sort(CanonicalJson::compareCodePoints);
                sb.append('{');
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    string(keys.get(i), sb);
                    sb.append(':');
                    write(node.get(keys.get(i)), sb);
                }
                sb.append('}');
            }
            case ARRAY -> {
                sb.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(node.get(i), sb);
                }
                sb.append(']');
            }
            case STRING -> string(node.textValue(), sb);
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    sb.append(node.bigIntegerValue().toString());
                } else {
                    long bits = Double.doubleToRawLongBits(node.doubleValue());
                    sb.append('d');
                    String hex = Long.toHexString(bits);
                    for (int i = hex.length(); i < 16; i++) {
                        sb.append('0');
                    }
                    sb.append(hex);
                }
            }
            case BOOLEAN -> sb.append(node.booleanValue() ? "true" : "false");
            case NULL -> sb.append("null");
            default ->
                    throw new IllegalArgumentException(
                            "not representable in an artifact: " + node.getNodeType());
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
