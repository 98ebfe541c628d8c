package dev.conduit.cli.download.crawl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a site's {@code robots.txt} allows a crawler (RFC 9309): the group for our user agent, or
 * the {@code *} group when none names us; within it the longest matching {@code Allow} or
 * {@code Disallow} rule decides, {@code Allow} winning a tie; {@code *} matches any characters and
 * a final {@code $} anchors the end. No rule, or no file, allows everything. Immutable.
 */
public final class RobotsRules {
    /** Allows every path: no robots.txt, or {@code --no-robots}. */
    public static final RobotsRules ALLOW_ALL = new RobotsRules(List.of());

    private record Rule(boolean allow, String pattern, Pattern regex) {
    }

    private final List<Rule> rules;

    private RobotsRules(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * @param text      the file's content
     * @param userAgent our User-Agent header; its product token ({@code conduit} of {@code conduit/0.1.0}) is matched
     * @return the rules for us
     */
    public static RobotsRules parse(String text, String userAgent) {
        String token = userAgent.split("[/ ]", 2)[0].toLowerCase(Locale.ROOT);
        List<Rule> ours = new ArrayList<>();
        List<Rule> star = new ArrayList<>();
        List<String> agents = new ArrayList<>();
        List<Rule> group = new ArrayList<>();
        boolean inRules = false;
        boolean foundOurs = false;
        for (String raw : (text + "\nuser-agent: end-of-file").split("\r\n|\r|\n")) {
            String line = raw.replaceFirst("#.*", "").strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (field.equals("user-agent")) {
                if (inRules) { // a new group starts: file the one that ended
                    if (agents.contains(token)) {
                        ours.addAll(group);
                        foundOurs = true;
                    } else if (agents.contains("*")) {
                        star.addAll(group);
                    }
                    agents.clear();
                    group = new ArrayList<>();
                    inRules = false;
                }
                agents.add(value.toLowerCase(Locale.ROOT));
            } else if (field.equals("allow") || field.equals("disallow")) {
                inRules = true;
                if (!value.isEmpty()) {
                    group.add(new Rule(field.equals("allow"), value, regex(value)));
                }
            }
        }
        return new RobotsRules(List.copyOf(foundOurs ? ours : star));
    }

    private static Pattern regex(String pattern) {
        boolean anchored = pattern.endsWith("$");
        String body = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
        StringBuilder re = new StringBuilder();
        for (String part : body.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re + (anchored ? "" : ".*"), Pattern.DOTALL);
    }

    /**
     * @param pathAndQuery the raw path (and {@code ?query}) of a URL on the site
     * @return whether we may request it
     */
    public boolean allows(String pathAndQuery) {
        Rule best = null;
        for (Rule r : rules) {
            if (r.regex().matcher(pathAndQuery).matches()
                    && (best == null || r.pattern().length() > best.pattern().length()
                    || (r.pattern().length() == best.pattern().length() && r.allow()))) {
                best = r;
            }
        }
        return best == null || best.allow();
    }
}
