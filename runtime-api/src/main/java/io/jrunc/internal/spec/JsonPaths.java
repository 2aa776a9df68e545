package io.jrunc.internal.spec;

/**
 * Builds the JSON paths used in messages: {@code process.args[0]},
 * {@code linux.sysctl["net.ipv4.ip_forward"]}. Members whose name is an identifier are joined with
 * a dot, other names are quoted in brackets. Not public API.
 */
public final class JsonPaths {

    private JsonPaths() {
    }

    /** @return the path of member {@code name} of the object at {@code parent} */
    public static String member(String parent, String name) {
        if (isIdentifier(name)) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[" + Scalars.quote(name) + "]";
    }

    /** @return the path of element {@code index} of the array at {@code parent} */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return false;
            }
        }
        return name.charAt(0) < 128;
    }
}
