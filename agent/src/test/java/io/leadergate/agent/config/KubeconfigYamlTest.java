package io.leadergate.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** The event-parser tree is the tree SnakeYAML's safe loader gave for every kubeconfig form. */
class KubeconfigYamlTest {

    private static Object safeLoad(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    private static void sameAsSafeLoader(String text) {
        assertEquals(safeLoad(text), KubeconfigYaml.parse(text), text);
    }

    @Test
    void blockStyleAsKubectlWritesIt() {
        sameAsSafeLoader(
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "clusters:",
                        "- cluster:",
                        "    certificate-authority-data: LS0tLS1CRUdJTg==",
                        "    server: https://127.0.0.1:6443",
                        "    insecure-skip-tls-verify: true",
                        "  name: kind",
                        "contexts:",
                        "- context:",
                        "    cluster: kind",
                        "    namespace: team-a",
                        "    user: kind",
                        "  name: kind-ctx",
                        "current-context: kind-ctx",
                        "kind: Config",
                        "preferences: {}",
                        "users:",
                        "- name: kind",
                        "  user:",
                        "    token: abc.def",
                        "    exec:",
                        "      apiVersion: client.authentication.k8s.io/v1beta1",
                        "      command: aws",
                        "      args: [eks, get-token, --cluster-name, c]",
                        "      env: null",
                        "      interactiveMode: IfAvailable",
                        ""));
    }

    @Test
    void flowStyleQuotingBlockScalarsAndOtherIndentation() {
        sameAsSafeLoader(
                String.join(
                        "\n",
                        "clusters: [{name: 'k', cluster: {server: \"https://h:1\", x: 'it''s'}}]",
                        "contexts:",
                        "    -   name: \"c\"",
                        "        context:",
                        "            cluster: k",
                        "            namespace: 'ns'   # a comment",
                        "users:",
                        "  - name: u",
                        "    user:",
                        "      token: |",
                        "        line one",
                        "        line two",
                        "      password: >-",
                        "        folded",
                        "        text",
                        "      quoted-bool: 'true'",
                        "      escaped: \"tab\\there \\u00e9\"",
                        "current-context: c"));
    }

    @Test
    void jsonKubeconfig() {
        sameAsSafeLoader(
                "{\"apiVersion\": \"v1\", \"clusters\": [{\"name\": \"k\", \"cluster\":"
                        + " {\"server\": \"https://h\", \"insecure-skip-tls-verify\": false}}],"
                        + " \"contexts\": [], \"current-context\": \"\", \"users\": null}");
    }

    @Test
    void anchorsAliasesAndMergeKeys() {
        sameAsSafeLoader(
                String.join(
                        "\n",
                        "base: &base {server: 'https://a', insecure-skip-tls-verify: yes}",
                        "more: &more {server: 'https://b', proxy-url: 'http://p'}",
                        "clusters:",
                        "- name: one",
                        "  cluster: *base",
                        "- name: two",
                        "  cluster:",
                        "    <<: *base",
                        "    server: https://override",
                        "- name: three",
                        "  cluster:",
                        "    <<: [*more, *base]",
                        "names: &n [a, b]",
                        "again: *n",
                        "s: &s text",
                        "t: *s"));
    }

    @Test
    void duplicateKeysBooleansAndNulls() {
        sameAsSafeLoader(
                String.join(
                        "\n",
                        "current-context: first",
                        "current-context: second",
                        "a: [yes, Yes, YES, no, No, NO, true, True, TRUE, false, False, FALSE,"
                                + " on, On, ON, off, Off, OFF, y, n, 'yes', !!str true, !!bool"
                                + " 'true']",
                        "b: [~, null, Null, NULL, '', 'null', !!null x]",
                        "c:",
                        "d: \"\""));
    }

    @Test
    void numbersAndDatesStayText() {
        Map<?, ?> document =
                (Map<?, ?>) KubeconfigYaml.parse("namespace: 123\nport: 0x1F\nwhen: 2001-12-14\n");
        assertEquals("123", document.get("namespace"));
        assertEquals("0x1F", document.get("port"));
        assertEquals("2001-12-14", document.get("when"));
    }

    @Test
    void emptyFileIsNull() {
        assertNull(KubeconfigYaml.parse(""));
        assertNull(KubeconfigYaml.parse("# only a comment\n"));
        sameAsSafeLoader("- just\n- a list\n");
    }

    @Test
    void errorsNameLineAndColumnAsBefore() {
        String twoDocuments = "a: 1\n---\nb: 2\n";
        assertEquals(
                assertThrows(YAMLException.class, () -> safeLoad(twoDocuments)).toString(),
                assertThrows(YAMLException.class, () -> KubeconfigYaml.parse(twoDocuments))
                        .toString());

        String broken = "clusters:\n- name: k\n  cluster: {server: 'x'\n";
        String expected = assertThrows(YAMLException.class, () -> safeLoad(broken)).toString();
        assertEquals(
                expected,
                assertThrows(YAMLException.class, () -> KubeconfigYaml.parse(broken)).toString());

        YAMLException e =
                assertThrows(YAMLException.class, () -> KubeconfigYaml.parse("a: *nothing\n"));
        assertTrue(e.getMessage().contains("found undefined alias nothing"), e.getMessage());
        assertTrue(e.getMessage().contains("line 1, column 4"), e.getMessage());

        e = assertThrows(YAMLException.class, () -> KubeconfigYaml.parse("a: {<<: x}\n"));
        assertTrue(
                e.getMessage().contains("expected a mapping or list of mappings"), e.getMessage());
    }

    @Test
    void hostileFilesAreBounded() {
        StringBuilder laughs = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            laughs.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                laughs.append(i == 0 ? "" : ", ").append('*').append(p);
            }
            laughs.append("]\n");
        }
        YAMLException e =
                assertThrows(YAMLException.class, () -> KubeconfigYaml.parse(laughs.toString()));
        assertTrue(e.getMessage().contains("exceeds the specified max=50"), e.getMessage());

        String deep = "[".repeat(60) + "]".repeat(60);
        e = assertThrows(YAMLException.class, () -> KubeconfigYaml.parse(deep));
        assertTrue(e.getMessage().contains("Nesting Depth exceeded"), e.getMessage());
    }

    @Test
    void theTreeIsImmutable() {
        Object tree = KubeconfigYaml.parse("users: [{name: u, user: {token: t}}]\n");
        assertThrows(UnsupportedOperationException.class, () -> ((Map<?, ?>) tree).clear());
        assertThrows(
                UnsupportedOperationException.class,
                () -> ((List<?>) ((Map<?, ?>) tree).get("users")).clear());
    }
}
