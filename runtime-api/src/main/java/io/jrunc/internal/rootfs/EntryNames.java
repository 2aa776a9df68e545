package io.jrunc.internal.rootfs;

import java.util.ArrayList;
import java.util.List;

/** Lexical handling of archive entry names and hard-link targets. */
final class EntryNames {
    private EntryNames() {
    }

    /**
     * Splits a name into components relative to the root, lexically: a leading {@code /} is
     * dropped (absolute names are relative to the root), empty and {@code .} components are
     * dropped, and {@code ..} removes the previous component.
     *
     * @param name an entry name or hard-link target from the archive
     * @return the components (empty for the root itself), or {@code null} if a {@code ..} climbs
     *     above the root
     */
    static List<String> clean(String name) {
        List<String> out = new ArrayList<>(8);
        int n = name.length();
        int i = 0;
        while (i < n) {
            int j = name.indexOf('/', i);
            if (j < 0) {
                j = n;
            }
            int len = j - i;
            if (len == 1 && name.charAt(i) == '.') {
                // "."
            } else if (len == 2 && name.charAt(i) == '.' && name.charAt(i + 1) == '.') {
                if (out.isEmpty()) {
                    return null;
                }
                out.remove(out.size() - 1);
            } else if (len > 0) {
                out.add(name.substring(i, j));
            }
            i = j + 1;
        }
        return out;
    }

    /**
     * Joins components with {@code /}.
     *
     * @param components path components
     * @return the relative path, empty for the root
     */
    static String join(List<String> components) {
        return String.join("/", components);
    }
}
