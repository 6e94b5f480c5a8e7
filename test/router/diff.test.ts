import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskConfigText, redactConfigText, unifiedDiff } from "../../src/router/diff.js";

/** Applies a unified diff produced by `unifiedDiff` to `before` (enough to check it round-trips). */
function apply(before: string, diff: string): string {
  const lines = before === "" ? [] : before.replace(/\n$/, "").split("\n");
  const out: string[] = [];
  let at = 0;
  const body = diff.split("\n").slice(2).filter((l) => l !== "");
  for (const line of body) {
    const hunk = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(line);
    if (hunk) {
      const start = Number(hunk[2]) === 0 ? Number(hunk[1]) : Number(hunk[1]) - 1;
      while (at < start) out.push(lines[at++] ?? "");
      continue;
    }
    if (line.startsWith(" ")) (out.push(line.slice(1)), at++);
    else if (line.startsWith("-")) at++;
    else out.push(line.slice(1));
  }
  while (at < lines.length) out.push(lines[at++] ?? "");
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

describe("unifiedDiff", () => {
  it("prints hunks with context when lines change", () => {
    const before = "a\nb\nc\nd\ne\nf\ng\nh\n";
    const after = "a\nb\nc\nD\ne\nf\ng\nh\n";
    expect(unifiedDiff(before, after, "old", "new")).toBe("--- old\n+++ new\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n");
  });

  it("is empty when the texts are equal", () => {
    expect(unifiedDiff("x\n", "x\n", "a", "b")).toBe("");
  });

  it("reconstructs the new text when applied to the old one", () => {
    const text = fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 30 }).map((ls) => ls.map((l) => `${l}\n`).join(""));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = unifiedDiff(before, after, "a", "b");
        expect(diff === "" ? after : apply(before, diff)).toBe(after);
      }),
      { numRuns: 500 },
    );
  });
});

describe("redactConfigText", () => {
  it("redacts api key values of any shape but keeps env references", () => {
    const text = '{ "APIKEY": "abc", "Providers": [{ "api_key": "sk-123" }, { "api_key": "$OPENAI_API_KEY" }] }';
    expect(redactConfigText(text)).toBe(
      '{ "APIKEY": "[REDACTED:secret-assignment]", "Providers": [{ "api_key": "[REDACTED:secret-assignment]" }, { "api_key": "$OPENAI_API_KEY" }] }',
    );
  });

  it("still sanitizes when the config does not parse", () => {
    expect(redactConfigText('{ "note": "ghp_0123456789abcdefghijABCDEFGHIJ012345" ')).toBe('{ "note": "[REDACTED:github-token]" ');
  });
});

describe("maskConfigText", () => {
  it("masks secrets with the same length when rendering source lines", () => {
    const text = '{\n  "api_key": "k-1"\n}';
    expect(maskConfigText(text)).toBe('{\n  "api_key": "***"\n}');
  });
});

describe("redactConfigText", () => {
  const config = (key: string, base: string) => JSON.stringify({ Providers: [{ name: "p", api_base_url: base, api_key: key, models: ["m"] }] }, null, 2);

  it("leaves ollama's placeholder key and a loopback provider's key readable", () => {
    expect(redactConfigText(config("ollama", "http://gpu-box:11434/v1"))).toContain('"api_key": "ollama"');
    expect(redactConfigText(config("local-dev", "http://localhost:8000/v1"))).toContain('"api_key": "local-dev"');
    expect(maskConfigText(config("ollama", "http://127.0.0.1:11434/v1"))).toContain('"api_key": "ollama"');
  });

  it("redacts a remote provider's key and a real key format on a loopback provider", () => {
    expect(redactConfigText(config("sk-live-0123456789abcdef", "https://api.example.com/v1"))).toContain('"api_key": "[REDACTED:secret-assignment]"');
    const real = `sk-ant-api03-${"a".repeat(93)}AA`;
    const shown = redactConfigText(config(real, "http://127.0.0.1:4000/v1"));
    expect(shown).not.toContain(real);
    expect(shown).toMatch(/"api_key": "\[REDACTED:[a-z-]+\]"/);
  });
});
