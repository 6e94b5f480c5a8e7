import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileGlobSet } from "../../src/compile/globs/index.js";
import { compileIndex, lead, matchViews } from "../../src/runtime/globs.js";

interface GlobCase {
  readonly pattern: string;
  readonly path: string;
  readonly match: boolean;
  readonly case: "insensitive" | "sensitive";
}

const cases: GlobCase[] = JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/conformance/globs/cases.json"), "utf8"));

function matches(pattern: string, excepts: readonly string[], view: string, mode: "insensitive" | "sensitive"): boolean {
  const compiled = compileGlobSet({ name: "t", kind: "deny", description: null, patterns: [{ source: pattern, excepts, origin: "policy", rule: "r", span: null }] }, mode);
  if (!compiled.ok) throw new Error(`glob \`${pattern}\` does not compile`);
  const set = compiled.value;
  const m = mode === "insensitive" ? set.folded : set.exact;
  if (m === null) throw new Error("missing matchers");
  const cs = { name: "t", set, include: compileIndex(m.include), except: compileIndex(m.except) };
  const nfc = view.normalize("NFC");
  return matchViews(cs, [mode === "insensitive" ? nfc.toLowerCase() : nfc]) === 0;
}

describe("globs", () => {
  it("has the glob conformance cases", () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases.map((c) => [`${c.pattern} ${c.match ? "matches" : "does not match"} ${c.path} (${c.case})`, c] as const))("%s", (_, c) => {
    expect(matches(c.pattern, [], c.path, c.case)).toBe(c.match);
  });

  it("matches a suffix key that does not start with a dot", () => {
    expect(matches("*rc", [], "/home/u/.bashrc", "sensitive")).toBe(true);
    expect(matches("*rc", [], "/home/u/.bashrc.bak", "sensitive")).toBe(false);
  });

  it("lets a pattern's own except remove a match", () => {
    expect(matches("**/id_rsa*", ["**/*.pub"], "/k/id_rsa.pub", "insensitive")).toBe(false);
    expect(matches("**/id_rsa*", ["**/*.pub"], "/k/id_rsa", "insensitive")).toBe(true);
  });
});

describe("lead", () => {
  it("finds the literal every match of an anchored residue regex starts with", () => {
    expect(lead("^~/\\.cargo/credentials[^/]*$")).toBe("~/.cargo/credentials");
    expect(lead("^~/\\.config/chromium/(?:[\\s\\S]*/)?cookies$")).toBe("~/.config/chromium/");
    // `\xHH` ends the literal (the compiler writes it only inside classes, where the literal has ended anyway).
    expect(lead("^x\\x2ey{2}z$")).toBe("x");
    expect(lead("^ab?c$")).toBe("a");
    expect(lead("^ab+c$")).toBe("ab");
  });

  it("requires no literal when the source is unanchored, alternates, or starts with a group", () => {
    expect(lead("^a|b$")).toBe("");
    expect(lead("^(?:a|b)c$")).toBe("");
    expect(lead("abc")).toBe("");
    expect(lead("^(?:[\\s\\S]*/)?library/keychains$")).toBe("");
  });
});
