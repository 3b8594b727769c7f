package dev.podtriage.diagnosis;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The secrets the {@link Redactor} masks: one row per form, with the needles that must occur in a
 * text before the row's pattern runs and planted examples (a text and the secret in it) that the
 * leak tests plant in every quoted field and look for in every output. A pattern masks its first
 * participating group, or the whole match when it has none. Every pattern is linear (bounded runs,
 * lookbehinds at the start of runs): it runs over log tails and messages of any size. Rows apply in
 * this order.
 */
public enum SecretForm {
    /** A PEM private key block: the base64 body (and encryption headers) between the markers. */
    PEM_PRIVATE_KEY(List.of("private key-----"),
            "-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----((?:[^-]{1,8192}|-(?!----END)){1,16})",
            new Example("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAleakPemBody0001x\n-----END RSA PRIVATE KEY-----",
                    "MIIEowIBAAKCAQEAleakPemBody0001x")),
    /**
     * {@code key=value}, {@code key: value} and {@code "key": "value"} credentials, the key named
     * or ending like a credential ({@code PGPASSWORD}, {@code MYSQL_PWD}, {@code dbpassword},
     * {@code secret_key}, {@code --db-password}); a quoted value is masked whole, spaces and all. A
     * value in backticks is pod-triage's own quoting of an object name; {@code $VAR}, {@code $(cmd)}
     * and {@code <placeholder>} are references, not secrets.
     */
    KEY_VALUE(Keys.TRIGGERS,
            "(?i)(?<![\\w.-])[\\w.-]{0,40}?" + Keys.KEY + "[\"']?[ \\t]{0,8}[=:][ \\t]{0,8}"
                    + "(?:\"(?![`$<])([^\"\\n]{1,1024})\"|'(?![`$<])([^'\\n]{1,1024})'|[\"']?(?![`$<])([^\\s\"'`&,;]{1,1024}))",
            new Example("connecting with password=leakPw0002", "leakPw0002"),
            new Example("PGPASSWORD=leakPg0003 psql -h db", "leakPg0003"),
            new Example("MYSQL_PWD=leakMy0004", "leakMy0004"),
            new Example("pwd=leakPwd0005", "leakPwd0005"),
            new Example("dbpassword=leakDb0006", "leakDb0006"),
            new Example("secret_key=leakSk0007", "leakSk0007"),
            new Example("{\"password\": \"leakHorse0008 leakBattery0008 leakStaple0008\"}",
                    "leakHorse0008 leakBattery0008 leakStaple0008"),
            new Example("/app --db-password=leakFlag0009", "leakFlag0009"),
            new Example("api_key: leakApi0010", "leakApi0010"),
            new Example("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/leakAws0011", "wJalrXUtnFEMI/K7MDENG/leakAws0011")),
    /** A credential option followed by its value after a space: {@code --password X}, {@code --token X}. */
    OPTION_VALUE(Keys.TRIGGERS,
            "(?i)(?<![\\w-])--?[\\w-]{0,40}?" + Keys.KEY + "[ \\t]{1,8}(?![-`$<])[\"']?([^\\s\"'`]{1,1024})",
            new Example("/app --password leakSpace0012 --port 80", "leakSpace0012")),
    /** {@code Authorization: Basic …} (and Bearer/Token) headers. */
    AUTHORIZATION_HEADER(List.of("authorization"),
            "(?i)authorization[\"']?[ \\t]{0,8}[:=][ \\t]{0,8}(?:bearer|basic|token)?[ \\t]{0,8}([^\\s\"',;]{1,4096})",
            new Example("Authorization: Basic leakBasic0013", "leakBasic0013")),
    /** A bearer token anywhere. */
    BEARER_TOKEN(List.of("bearer"),
            "(?i)(?<![\\w-])bearer[ \\t]{1,8}([A-Za-z0-9\\-._~+/]{8,4096}=*)",
            new Example("curl -H 'X-Auth: Bearer leakBearer0014'", "leakBearer0014")),
    /** AWS access key IDs. */
    AWS_ACCESS_KEY_ID(List.of("akia", "asia"),
            "(?<![A-Za-z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])",
            new Example("key AKIALEAKEXAMPLE00015 used", "AKIALEAKEXAMPLE00015")),
    /** JSON Web Tokens. */
    JWT(List.of("eyj"),
            "(?<![\\w-])(eyJ[A-Za-z0-9_-]{5,4096}\\.[A-Za-z0-9_-]{5,4096}\\.[A-Za-z0-9_-]{5,4096})",
            new Example("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrMTYifQ.leakJwtSignature0016",
                    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrMTYifQ.leakJwtSignature0016")),
    /** The password of {@code scheme://user:password@host}, also with an empty user ({@code redis://:pw@host}). */
    URL_PASSWORD(List.of("://"),
            "://[^/\\s:@]{0,256}:([^/\\s@]{1,256})@",
            new Example("postgres://app:leakUrl0017@db:5432/shop", "leakUrl0017"),
            new Example("redis://:leakRedis0018@cache:6379/0", "leakRedis0018")),
    /** Slack bot, user, app and refresh tokens. */
    SLACK_TOKEN(List.of("xox"),
            "(?<![A-Za-z0-9])(xox[abeoprs]-[A-Za-z0-9-]{10,256})",
            new Example("SLACK_TOKEN xoxb-1234567890-leakSlack0019", "xoxb-1234567890-leakSlack0019"),
            new Example("xoxp-1234567890-leakSlack0020", "xoxp-1234567890-leakSlack0020")),
    /** GitHub personal access, OAuth, app and fine-grained tokens. */
    GITHUB_TOKEN(List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
            "(?<![A-Za-z0-9_])((?:gh[pousr]_[A-Za-z0-9]{20,255})|github_pat_[A-Za-z0-9_]{20,255})",
            new Example("clone with ghp_leakGithub0021abcdefghijklmnop", "ghp_leakGithub0021abcdefghijklmnop"),
            new Example("github_pat_11ABCDEFG0_leakGithubPat0022xyz", "github_pat_11ABCDEFG0_leakGithubPat0022xyz"));

    /** A text that holds a secret of this form, and the secret that must not survive redaction. */
    public record Example(String text, String secret) {
    }

    private final List<String> triggers;
    private final Pattern pattern;
    private final List<Example> examples;

    SecretForm(List<String> triggers, String regex, Example... examples) {
        this.triggers = triggers;
        this.pattern = Pattern.compile(regex);
        this.examples = List.of(examples);
    }

    public Pattern pattern() {
        return pattern;
    }

    public List<Example> examples() {
        return examples;
    }

    /** Whether the (lower-cased) text holds a needle of this form; most texts hold none and skip the pattern. */
    boolean mightOccurIn(String lowerCased) {
        for (String t : triggers) {
            if (lowerCased.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** Every planted example of every form. */
    public static List<Example> allExamples() {
        return java.util.Arrays.stream(values()).flatMap(f -> f.examples.stream()).toList();
    }

    /** The credential key words shared by the key=value and option forms. */
    private static final class Keys {
        static final String KEY = "(?:pass(?:word|wd|phrase)?|pwd|secret(?:[_-]?key)?|token|api[_-]?key|access[_-]?key"
                + "|private[_-]?key|client[_-]?secret|credentials?)";
        static final List<String> TRIGGERS = List.of("pass", "pwd", "secret", "token", "key", "credential");
    }
}
