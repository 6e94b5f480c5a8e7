import { describe, expect, it } from "vitest";
import { parseErr, snippet } from "./helpers.js";

describe("error recovery", () => {
  it("reports an error in each broken declaration when a file has several", () => {
    const text = [
      'policy "p"',
      "route L1 claude",
      "classify {",
      "  kind == -> L1",
      "}",
      'model "m" on ollama { context 32kb }',
      "assert \"a\": target is nowhere",
      "route L2 -> claude",
    ].join("\n");
    const diagnostics = parseErr(text);
    expect(diagnostics.map((d) => [d.code, snippet(text, d)])).toEqual([
      ["R0102", "claude"],
      ["R0102", "->"],
      ["R0106", "32kb"],
      ["R0102", "nowhere"],
    ]);
  });

  it("reports one error when one closing brace is missing before later declarations", () => {
    const text = 'policy "p"\nclassify {\n  otherwise -> L2\n\nroute L2 -> claude\nroute L1 -> claude\non error -> claude\n';
    const diagnostics = parseErr(text);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["R0103", "expected `}` to close the `classify` block, found `route`"],
    ]);
  });

  it("points back at the unclosed delimiter when a closer is missing", () => {
    const cases: [string, string, string][] = [
      ['policy "p"\nclassify {\n  (a or (b) -> L1\n}\n', "(", "(a or"],
      ['policy "p"\nclassify {\n  kind in [a -> L1\n}\n', "[", "[a"],
      ['policy "p"\nclassify { }\nvram {\n  unknown as low\nroute L -> claude', "{", "{\n  unknown"],
    ];
    for (const [text, opener, context] of cases) {
      const [error] = parseErr(text);
      const related = error?.related?.[0];
      expect(error?.code).toBe("R0103");
      expect(related?.message).toBe(`\`${opener}\` opened here`);
      expect(related?.span.start.offset).toBe(text.indexOf(context));
      expect(related?.span.end.offset).toBe(text.indexOf(context) + 1);
    }
  });

  it("reports each broken line of a block and restarts after multi-line lists when rules are malformed", () => {
    const text = [
      'policy "p"',
      "classify {",
      " kind == edit files <= 3 -> L1",
      " kind in [a b,",
      "   c] -> L2",
      " otherwise L3",
      "}",
      "route L1 -> claude",
    ].join("\n");
    expect(parseErr(text).map((d) => [d.code, snippet(text, d)])).toEqual([
      ["R0102", "files"],
      ["R0103", "b"],
      ["R0102", "L3"],
    ]);
  });

  it("does not restart on a continuation line when a condition spans lines", () => {
    const text = 'policy "p"\nescalate {\n  kind == \n    and files > 2 -> claude\n  denied -> claude\n}\n';
    expect(parseErr(text).map((d) => snippet(text, d))).toEqual(["and", "denied"]);
  });

  it("reports the unknown character only when it breaks its declaration", () => {
    const text = 'policy "p"\nclassify { kind == edit && files <= 3 -> L1 }\nroute x y\n';
    expect(parseErr(text).map((d) => [d.code, snippet(text, d)])).toEqual([
      ["R0101", "&&"],
      ["R0102", "y"],
    ]);
  });

  it("reports only the unterminated string when it swallows the rest of its line", () => {
    const text = 'policy "p"\nmodel "x on ollama { context 32k }\nroute L1 -> claude\nroute -> x\n';
    expect(parseErr(text).map((d) => d.code)).toEqual(["R0104"]);
  });

  it("reports every bad escape of a string when it has several", () => {
    const text = 'policy "p" class A "\\q \\u{zz} \\w" { }';
    expect(parseErr(text).map((d) => snippet(text, d))).toEqual(["\\q", "\\u{zz}", "\\w"]);
  });

  it("underlines the empty end of the file when input ends too early", () => {
    const text = 'policy "p"\nroute L1 ->   ';
    const [error] = parseErr(text);
    expect(error?.message).toBe("expected a target (a quoted model name or a remote name), found end of file");
    expect(error?.span?.start.offset).toBe(text.indexOf("->") + 2);
    expect(snippet(text, error!)).toBe("");
  });

  it("says what a condition keyword needs when its operand is missing", () => {
    const text = 'policy "p"\nescalate {\n  denied -> claude\n}\nassert "a": vram => true\n';
    expect(parseErr(text).map((d) => [d.message, snippet(text, d)])).toEqual([
      ["`denied` needs a deny set name or `path`, found `->`", "denied"],
      ["`vram` needs a VRAM level, found `=>`", "vram"],
    ]);
  });

  it("writes messages lowercase with no final period and user text in backticks when reporting", () => {
    const text = 'policy "p"\nroute L1 "m"\nfoo\nclassify { -> }\nvram { low }\n';
    for (const d of parseErr(text)) {
      expect(d.message).toMatch(/^[a-z]/);
      expect(d.message).not.toMatch(/\.$/);
      expect(d.message).toMatch(/`/);
    }
  });
});

describe("error recovery on binary input", () => {
  // 100 KB of seeded pseudo-random bytes decoded as UTF-8, as `routec check` reads a binary file.
  const garbage = (() => {
    let state = 0x2545f491;
    const bytes = new Uint8Array(100_000);
    for (let i = 0; i < bytes.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      bytes[i] = state & 0xff;
    }
    return new TextDecoder().decode(bytes);
  })();

  it("reports a bounded number of errors, the last saying how many more, when a file is binary data", () => {
    const started = performance.now();
    const diagnostics = parseErr(garbage);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(diagnostics.length).toBe(25);
    expect(diagnostics.every((d) => d.code === "R0101" || d.code === "R0104" || d.code === "R0105" || d.code === "R0106")).toBe(true);
    expect(diagnostics.at(-1)?.notes?.at(-1)).toMatch(/^\d+ more lexical errors are not shown; is this a `\.route` file\?$/);
  });
});
