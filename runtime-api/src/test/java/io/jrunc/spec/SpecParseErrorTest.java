package io.jrunc.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed documents and wrong types: the message names the path, the line and the column. */
class SpecParseErrorTest {

    private static String message(String json) {
        return catchThrowableOfType(SpecException.class, () -> Spec.parse(json)).getMessage();
    }

    @Test
    void syntaxErrorGivesLineAndColumn() {
        String json = "{\n\t\"ociVersion\": \"1.0.0\",\n\t\"process\": {\n\t\t\"cwd\": \"/\",\n\t}\n}";
        SpecException e = catchThrowableOfType(SpecException.class, () -> Spec.parse(json));
        assertThat(e).hasMessage("config.json: line 5, column 2: unexpected character '}'");
        assertThat(e.source()).isEqualTo("config.json");
        assertThat(e.path()).isNull();
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(2);
        assertThat(e.detail()).isEqualTo("unexpected character '}'");
        assertThat(e).isNotInstanceOf(SpecValidationException.class);
    }

    @Test
    void wrongTypeNamesThePath() {
        String json = "{\n  \"ociVersion\": \"1.0.0\",\n  \"process\": {\n    \"cwd\": \"/\",\n"
                + "    \"user\": {\n      \"gid\": 0,\n      \"uid\": \"abc\"\n    }\n  }\n}";
        SpecException e = catchThrowableOfType(SpecException.class, () -> Spec.parse(json));
        assertThat(e).hasMessage(
                "config.json: process.user.uid: expected a number, got \"abc\" (line 7, column 14)");
        assertThat(e.path()).isEqualTo("process.user.uid");
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.column()).isEqualTo(14);
        assertThat(e.detail()).isEqualTo("expected a number, got \"abc\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"a\":1,}                      | line 1, column 8: unexpected character '}'",
        "{\"a\":1                        | line 1, column 7: unexpected end of input",
        "``                              | line 1, column 1: unexpected end of input",
        "`   `                           | line 1, column 4: unexpected end of input",
        "{\"a\":[1,2}                    | line 1, column 10: unexpected character '}'",
        "{} x                            | line 1, column 4: unexpected token 'x'",
        "{} {}                           | line 1, column 4: unexpected content after the JSON value",
        "{\"a\": tru}                    | line 1, column 7: unexpected token 'tru'",
        "{'a':1}                         | line 1, column 2: unexpected character '''",
        "{\"a\":\"x\\q\"}                | line 1, column 9: invalid escape 'q' in string",
        "{\"hostname\":\"a\",\"hostname\":\"b\"} | line 1, column 17: duplicate member \"hostname\"",
        "null                            | line 1, column 1: expected an object, got null",
        "[]                              | line 1, column 1: expected an object, got an array",
        "\"config\"                      | line 1, column 1: expected an object, got \"config\"",
    })
    void malformedDocuments(String json, String expected) {
        assertThat(message(json)).isEqualTo("config.json: " + expected);
    }

    @Test
    void controlCharacterInString() {
        assertThat(message("{\"hostname\": \"a\nb\"}"))
                .isEqualTo("config.json: line 1, column 16: unescaped control character (code 10) in string");
    }

    @Test
    void commentsAreNotJson() {
        assertThat(message("// comment\n{}"))
                .isEqualTo("config.json: line 1, column 1: unexpected character '/'");
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertThat(Spec.parse("\uFEFF{\"hostname\":\"h\"}").hostname()).isEqualTo("h");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"hostname\": 12}                         | hostname: expected a string, got 12 (line 1, column 14)",
        "{\"hostname\": {}}                         | hostname: expected a string, got an object (line 1, column 14)",
        "{\"process\": []}                          | process: expected an object, got an array (line 1, column 13)",
        "{\"process\": \"sh\"}                      | process: expected an object, got \"sh\" (line 1, column 13)",
        "{\"process\": {\"args\": \"sh\"}}          | process.args: expected an array, got \"sh\" (line 1, column 22)",
        "{\"process\": {\"args\": [\"sh\", 1]}}     | process.args[1]: expected a string, got 1 (line 1, column 29)",
        "{\"process\": {\"args\": [\"sh\", null]}}  | process.args[1]: must not be null (line 1, column 29)",
        "{\"process\": {\"terminal\": \"true\"}}    | process.terminal: expected a boolean, got \"true\" (line 1, column 26)",
        "{\"process\": {\"terminal\": 1}}           | process.terminal: expected a boolean, got 1 (line 1, column 26)",
        "{\"process\": {\"user\": {\"uid\": 1.5}}}  | process.user.uid: expected an unsigned integer, got 1.5 (line 1, column 30)",
        "{\"process\": {\"user\": {\"uid\": \"1\"}}} | process.user.uid: expected a number, got \"1\" (line 1, column 30)",
        "{\"process\": {\"user\": {\"uid\": -1}}}   | process.user.uid: expected an unsigned 32-bit integer, got -1 (line 1, column 30)",
        "{\"process\": {\"user\": {\"uid\": 4294967296}}} | process.user.uid: expected an unsigned 32-bit integer, got 4294967296 (line 1, column 30)",
        "{\"process\": {\"user\": {\"additionalGids\": [1, -2]}}} | process.user.additionalGids[1]: expected an unsigned 32-bit integer, got -2 (line 1, column 45)",
        "{\"process\": {\"oomScoreAdj\": 3000000000}} | process.oomScoreAdj: expected a 32-bit integer, got 3000000000 (line 1, column 29)",
        "{\"process\": {\"oomScoreAdj\": 1e3}}      | process.oomScoreAdj: expected an integer, got 1e3 (line 1, column 29)",
        "{\"process\": {\"rlimits\": [{\"hard\": 18446744073709551616}]}} | process.rlimits[0].hard: expected an unsigned 64-bit integer, got 18446744073709551616 (line 1, column 35)",
        "{\"linux\": {\"resources\": {\"memory\": {\"limit\": 9223372036854775808}}}} | linux.resources.memory.limit: expected a 64-bit integer, got 9223372036854775808 (line 1, column 46)",
        "{\"linux\": {\"resources\": {\"blockIO\": {\"weight\": 65536}}}} | linux.resources.blockIO.weight: expected an unsigned 16-bit integer, got 65536 (line 1, column 48)",
        "{\"linux\": {\"namespaces\": {}}}          | linux.namespaces: expected an array, got an object (line 1, column 26)",
        "{\"linux\": {\"sysctl\": {\"net.ipv4.ip_forward\": 1}}} | linux.sysctl[\"net.ipv4.ip_forward\"]: expected a string, got 1 (line 1, column 46)",
        "{\"linux\": {\"netDevices\": {\"eth0\": []}}} | linux.netDevices.eth0: expected an object, got an array (line 1, column 35)",
        "{\"annotations\": {\"a\": null}}           | annotations.a: must not be null (line 1, column 23)",
        "{\"mounts\": [{}, {\"options\": [true]}]}  | mounts[1].options[0]: expected a string, got true (line 1, column 30)",
    })
    void wrongTypes(String json, String expected) {
        assertThat(message(json)).isEqualTo("config.json: " + expected);
    }

    @Test
    void longStringsAreShortenedInMessages() {
        String value = "x".repeat(100);
        assertThat(message("{\"process\": {\"user\": {\"uid\": \"" + value + "\"}}}"))
                .isEqualTo("config.json: process.user.uid: expected a number, got \""
                        + "x".repeat(37) + "...\" (line 1, column 30)");
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\n\"hostname\": \"x\",\n}");
        assertThatThrownBy(() -> Spec.read(file))
                .isInstanceOf(SpecException.class)
                .hasMessage(file + ": line 3, column 1: unexpected character '}'");
        assertThatThrownBy(() -> Spec.read(dir.resolve("missing.json")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void otherDocumentsNameThemselves() {
        assertThatThrownBy(() -> State.parse("{\"pid\": \"1\"}"))
                .hasMessage("state.json: pid: expected a number, got \"1\" (line 1, column 9)");
        assertThatThrownBy(() -> Features.parse("{\"hooks\": 1}"))
                .hasMessage("features.json: hooks: expected an array, got 1 (line 1, column 11)");
        assertThatThrownBy(() -> SpecJson.parse("{\"args\": [1]}", "process.json", Spec.Process.class))
                .hasMessage("process.json: args[0]: expected a string, got 1 (line 1, column 11)");
    }
}
