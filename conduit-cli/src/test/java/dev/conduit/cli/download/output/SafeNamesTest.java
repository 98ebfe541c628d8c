package dev.conduit.cli.download.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SafeNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "http://example.org                       | example.org/index.html",
            "http://example.org/                      | example.org/index.html",
            "https://Example.ORG:8443/docs/           | example.org_8443/docs/index.html",
            "http://h/a/b.txt                         | h/a/b.txt",
            "http://h/../../etc/passwd                | h/etc/passwd",
            "http://h/%2e%2e/%2E%2E/etc/passwd        | h/etc/passwd",
            "http://h/a/%2e%2e/b                      | h/b",
            "http://h//etc/passwd                     | h/etc/passwd",
            "http://h/%2Fetc%2Fpasswd                 | h/_etc_passwd",
            "http://h/a%5C..%5Cb                      | h/a_.._b",
            "http://h/x/..                            | h/index.html",
            "http://h/a/b/%2E%2E                      | h/a/index.html",
            "http://h/CON                             | h/_CON",
            "http://h/nul.txt                         | h/_nul.txt",
            "http://h/a%00b%0A%1Fc                    | h/a_b__c",
            "http://h/a:b*c?q=1&r=%2F                 | h/a_b_c@q=1&r=_",
            "http://h/trailing.%20.                   | h/trailing",
            "http://h/%E2%82%AC.txt                   | h/€.txt",
            "http://h/a%7Fb%C2%85c%C2%A0d             | h/a_b_c d",
            "http://h/com1.log                        | h/_com1.log",
            "http://h/Lpt9                            | h/_Lpt9",
            "http://h/aux                             | h/_aux",
            "http://h/console                         | h/console",
            "http://h/%F0%9F%98%80.png                | h/😀.png",
    })
    void mapsUrlsToSafeRelativeNames(String url, String expected) {
        assertThat(SafeNames.fileNameFor(URI.create(url))).isEqualTo(expected);
    }

    @Test
    void cutsLongSegmentsKeepingTheExtensionAndTellingApartNamesThatDifferAtTheEnd() {
        String stem = "x".repeat(400);
        String a = SafeNames.fileNameFor(URI.create("http://h/" + stem + "a.html"));
        String b = SafeNames.fileNameFor(URI.create("http://h/" + stem + "b.html"));
        String name = a.substring(2);
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeNames.MAX_SEGMENT_BYTES);
        assertThat(name).startsWith("xxxx").endsWith(".html");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void cutsMultiByteNamesOnCharacterBoundaries() {
        String name = SafeNames.fileNameFor(URI.create("http://h/" + "%E2%82%AC".repeat(300))).substring(2);
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeNames.MAX_SEGMENT_BYTES);
        assertThat(name).startsWith("€€€").doesNotContain("\uFFFD");
    }

    @Test
    void foldsVeryDeepPaths() {
        String deep = "http://h" + "/abcdefghij".repeat(200) + "/last.txt";
        String name = SafeNames.fileNameFor(URI.create(deep));
        assertThat(name).startsWith("h/_long/").endsWith("-last.txt");
        assertThat(name.length()).isLessThan(SafeNames.MAX_PATH_CHARS);
    }

    @Test
    void neverProducesANameThatLeavesTheDirectoryOrLooksLikeATemporaryFile() {
        for (String url : new String[] {"http://h/..", "http://h/.", "http://h/%2e", "http://h/%2e%2e%2f%2e%2e", "http://h/..%2f..%2fx",
                "http://h/...", "http://h/.hidden"}) {
            String name = SafeNames.fileNameFor(URI.create(url));
            assertThat(name).as(url).startsWith("h/").doesNotContain("/../").doesNotEndWith("/..").doesNotContain("/./");
        }
    }
}
