import { describe, expect, it } from "vitest";
import { createLineRedactor, findSecrets, isSecretKeyName, sanitize } from "../../src/sanitize/index.js";

const jwt =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

describe("sanitize", () => {
  it.each([
    ["export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "export AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key-id]"],
    ["aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [REDACTED:aws-secret-access-key]"],
    [`token ghp_${"a1B2".repeat(9)} ok`, "token [REDACTED:github-token] ok"],
    [`github_pat_11ABCDEFG0123456789abc_${"x9".repeat(29)}z`, "[REDACTED:github-token]"],
    [`key sk-ant-api03-${"Ab1_".repeat(23)}AA`, "key [REDACTED:anthropic-api-key]"],
    [`sk-proj-${"Zz9-".repeat(12)}`, "[REDACTED:openai-api-key]"],
    [`OPENAI sk-${"aB3".repeat(16)}`, "OPENAI [REDACTED:openai-api-key]"],
    ["xoxb-123456789012-123456789012-abcdefABCDEF1234", "[REDACTED:slack-token]"],
    ["post to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX now", "post to [REDACTED:slack-webhook] now"],
    ["AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "[REDACTED:google-api-key]"],
    ["sk_live_4eC39HqLyjWDarjtT1zdp7dc", "[REDACTED:stripe-key]"],
    [`Cookie: session=x; jwt ${jwt}`, "Cookie: session=x; jwt [REDACTED:jwt]"],
    ["Authorization: Bearer abc.def-ghi", "Authorization: Bearer [REDACTED:authorization]"],
    ['curl -H "authorization: Basic dXNlcjpwYXNz"', 'curl -H "authorization: Basic [REDACTED:authorization]"'],
    ["postgres://bob:hunter2@db.example.com:5432/x", "postgres://bob:[REDACTED:url-password]@db.example.com:5432/x"],
    ['{"api_key": "sk-123", "name": "kimi"}', '{"api_key": "[REDACTED:secret-assignment]", "name": "kimi"}'],
    ["password: hunter2", "password: [REDACTED:secret-assignment]"],
    ["DB_PASSWORD='a b c'", "DB_PASSWORD='[REDACTED:secret-assignment]'"],
    ["https://api.example.com/v1?api_key=abc123&page=2", "https://api.example.com/v1?api_key=[REDACTED:secret-assignment]&page=2"],
    ['"{\\"apiKey\\": \\"verysecret\\"}"', '"{\\"apiKey\\": \\"[REDACTED:secret-assignment]\\"}"'],
  ])("redacts %s", (input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });

  // Counterexamples fast-check found, kept as regressions.
  it.each([
    ["a secret glued to a word", "xAKIAIOSFODNN7EXAMPLE", "x[REDACTED:aws-access-key-id]"],
    ["a url after an underscore", "_https://ABC:AAAAABCDEF@db.example.com", "_https://ABC:[REDACTED:url-password]@db.example.com"],
    ["a name starting with a digit", "9API_KEY=AAAAADEBFG", "9API_KEY=[REDACTED:secret-assignment]"],
    ["a run-together name", "aapikey=AAAAABCDEF", "aapikey=[REDACTED:secret-assignment]"],
    ["an assignment inside a json value", '{"note": "API_KEY=AAAAABCDEF"}', '{"note": "API_KEY=[REDACTED:secret-assignment]"}'],
    ["an assignment inside a quoted key", '"API_KEY=AAAAABCDEF"=a', '"API_KEY=[REDACTED:secret-assignment]"=a'],
  ])("redacts %s", (_what, input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });

  it("stays idempotent when a redacted secret was a quoted key", () => {
    const once = sanitize("'xoxb-123456789012-abcdefABCDEF':a");
    expect(sanitize(once)).toBe(once);
  });

  it("redacts a whole multi-line private key block when it spans lines", () => {
    const text = "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nqwerty==\n-----END RSA PRIVATE KEY-----\nafter";
    expect(sanitize(text)).toBe("before\n[REDACTED:private-key]\nafter");
  });

  it("redacts to the end when a private key block is unterminated", () => {
    expect(sanitize("x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\nmore")).toBe("x\n[REDACTED:private-key]");
  });

  it("redacts every occurrence of a denied path when given denied paths", () => {
    const text = "read /home/u/.ssh/id_rsa then /home/u/.ssh/id_rsa again";
    expect(sanitize(text, { deniedPaths: ["/home/u/.ssh/id_rsa"] })).toBe("read [REDACTED:path] then [REDACTED:path] again");
  });

  it.each([
    ["a sha1", "commit 3f786850e387550fdab836ed7e6dc881de23001b"],
    ["a sha256", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    ["a uuid", "request 123e4567-e89b-12d3-a456-426614174000 done"],
    ["a short git sha", "fixed in 6288f4d"],
    ["base64 of ordinary text", "aGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGEgc2VjcmV0"],
    ["prose with basic and bearer", "the basic functionality of the bearer responsibilities"],
    ["dotted names", "www.example.com and file.name.txt and a.b.c"],
    ["token counts", '"max_tokens": 16384, "input_tokens": 12'],
    ["database keys", "primary_key: id\nsort_key: created_at"],
    ["environment references", 'GITHUB_TOKEN=$GITHUB_TOKEN "api_key": "${OPENAI_API_KEY}"'],
    ["a url without a password", "https://user@example.com/path?x=1"],
    ["a public key block", "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----"],
    ["a hyphenated word", "disk-usage-report-for-all-machines-in-the-fleet"],
    ["a pod name", "pod task-runner-5f7d9c8b6d-x2x4z restarted"],
    ["boolean settings", "token: true\npassword: null"],
  ])("leaves %s alone", (_what, text) => {
    expect(sanitize(text)).toBe(text);
  });

  it("names the most specific kind when findings overlap", () => {
    expect(findSecrets('"api_key": "AKIAIOSFODNN7EXAMPLE"')).toEqual([{ kind: "aws-access-key-id", start: 12, end: 32 }]);
  });

  it("treats already redacted text as no secret", () => {
    const once = sanitize("PASSWORD=[REDACTED:secret-assignment] Authorization: Bearer [REDACTED:authorization]");
    expect(findSecrets(once)).toEqual([]);
  });
});

describe("isSecretKeyName", () => {
  it.each(["API_KEY", "apiKey", "x-api-key", "GITHUB_TOKEN", "client_secret", "PASSWORD", "db.password", "myapikey"])(
    "accepts %s",
    (name) => {
      expect(isSecretKeyName(name)).toBe(true);
    },
  );

  it.each(["key", "max_tokens", "primary_key", "monkey", "name", "token_count", "OLDPWD_DIR"])("rejects %s", (name) => {
    expect(isSecretKeyName(name)).toBe(false);
  });
});

describe("createLineRedactor", () => {
  function run(lines: readonly string[]): string[] {
    const redactor = createLineRedactor({ deniedPaths: ["/srv/secret.txt"] });
    return [...lines.flatMap((line) => redactor.push(line)), ...redactor.end()];
  }

  it("emits one marker for a private key block when it spans lines", () => {
    expect(run(["a -----BEGIN EC PRIVATE KEY-----", "MHcCAQEEIB", "-----END EC PRIVATE KEY----- b", "c"])).toEqual([
      "a [REDACTED:private-key] b",
      "c",
    ]);
  });

  it("holds nothing back when lines have no block", () => {
    const redactor = createLineRedactor();
    expect(redactor.push("password: x")).toEqual(["password: [REDACTED:secret-assignment]"]);
    expect(redactor.push("plain")).toEqual(["plain"]);
  });

  it("redacts to the end of the stream when a block is unterminated", () => {
    expect(run(["-----BEGIN PRIVATE KEY-----", "MIIEvQ"])).toEqual(["[REDACTED:private-key]"]);
  });

  it("applies denied paths when given options", () => {
    expect(run(["cat /srv/secret.txt"])).toEqual(["cat [REDACTED:path]"]);
  });
});
