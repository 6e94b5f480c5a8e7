import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";
import { tokenMatcher } from "chevrotain";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { LineMap, lex } from "../../src/syntax/lex.js";
import { printPolicy } from "../../src/syntax/print.js";
import * as t from "../../src/syntax/tokens.js";
import { sourceFile } from "../arbitraries/route-ast.js";
import { gap, perturb } from "./support.js";

const require = createRequire(import.meta.url);
const grammarPath = new URL("../../grammar/route.tmLanguage.json", import.meta.url);

let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === "source.route" ? vsctm.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath.pathname) : null,
  });
  const loaded = await registry.loadGrammar("source.route");
  if (loaded === null) throw new Error("the route grammar did not load");
  grammar = loaded;
});

/** Tokenizes `source` (several lines, state carried across) and returns the scopes of the token at `needle`. */
function scopesAt(source: string, needle: string, occurrence = 0): string[] {
  let state = vsctm.INITIAL;
  let seen = 0;
  for (const line of source.split("\n")) {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    let from = 0;
    for (;;) {
      const at = line.indexOf(needle, from);
      if (at < 0) break;
      if (seen++ === occurrence) {
        const token = tokens.find((t) => t.startIndex <= at && at < t.endIndex);
        return token?.scopes ?? [];
      }
      from = at + 1;
    }
  }
  throw new Error(`\`${needle}\` not found`);
}

/** The scopes at every offset of `text`, tokenized line by line as an editor does. */
function scopesByOffset(text: string): (offset: number) => string[] {
  const starts: number[] = [];
  const lineTokens: vsctm.IToken[][] = [];
  let state = vsctm.INITIAL;
  let offset = 0;
  for (const line of text.split("\n")) {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    starts.push(offset);
    lineTokens.push(tokens);
    offset += line.length + 1;
  }
  return (at) => {
    let index = starts.length - 1;
    while (index > 0 && starts[index]! > at) index--;
    const column = at - starts[index]!;
    return lineTokens[index]?.find((token) => token.startIndex <= column && column < token.endIndex)?.scopes ?? [];
  };
}

const policy = readFileSync(new URL("../../policies/default.route", import.meta.url), "utf8");

describe("route.tmLanguage.json", () => {
  it("declares the source.route scope when loaded", () => {
    expect(scopesAt("policy \"x\"", "policy")[0]).toBe("source.route");
  });

  it("scopes declaration keywords when they start items", () => {
    for (const needle of ["policy \"", "runtime ", "model \"", "remote ", "classify {", "deny ", "paths {", "vram {", "escalate {", "assert "]) {
      expect(scopesAt(policy, needle), needle).toContain("keyword.other.declaration.route");
    }
    expect(scopesAt(policy, "vram 5.4GiB")).not.toContain("keyword.other.declaration.route");
    expect(scopesAt(policy, "on error")).toContain("keyword.other.declaration.route");
  });

  it("scopes class, runtime and model names when declared or referenced", () => {
    expect(scopesAt(policy, "L1 \"routine")).toContain("entity.name.type.class.route");
    const classify = "classify {\n  kind == edit -> L1\n  otherwise -> L2\n}";
    expect(scopesAt(classify, "->")).toContain("keyword.operator.arrow.route");
    expect(scopesAt(classify, "L1")).toContain("entity.name.type.class.route");
    expect(scopesAt(classify, "L2")).toContain("entity.name.type.class.route");
    expect(scopesAt(classify, "edit")).not.toContain("entity.name.type.class.route");
    expect(scopesAt("route L2 -> claude", "L2")).toContain("entity.name.type.class.route");
    expect(scopesAt(policy, "ollama {")).toContain("entity.name.type.runtime.route");
    expect(scopesAt(policy, "qwen2.5:7b-instruct\" on")).toContain("entity.name.type.model.route");
  });

  it("scopes strings and their escapes when quoted", () => {
    const line = 'class L0 "a \\"b\\" \\u{1F600} \\q" { }';
    expect(scopesAt(line, '"a')).toContain("string.quoted.double.route");
    expect(scopesAt(line, '\\"b')).toContain("constant.character.escape.route");
    expect(scopesAt(line, "\\u{1F600}")).toContain("constant.character.escape.route");
    expect(scopesAt(line, "\\q")).toContain("invalid.illegal.escape.route");
  });

  it("scopes numbers and their units when quantities", () => {
    const line = "model \"m\" on ollama { context 32k vram 5.4GiB cost 0 }";
    expect(scopesAt(line, "32")).toContain("constant.numeric.route");
    expect(scopesAt(line, "k vram")).toContain("keyword.other.unit.route");
    expect(scopesAt(line, "GiB")).toContain("keyword.other.unit.route");
    expect(scopesAt(line, "0 }")).toContain("constant.numeric.route");
    expect(scopesAt("critical when free < 10%", "%")).toContain("keyword.other.unit.route");
    expect(scopesAt("vram { low when free < 32kb }", "32kb")).toContain("invalid.illegal.number.route");
  });

  it("scopes deny-set patterns as globs when inside a deny block", () => {
    expect(scopesAt(policy, '"**/.env"')).toContain("string.regexp.glob.route");
    expect(scopesAt(policy, '"**/.env.example"')).toContain("string.regexp.glob.route");
    expect(scopesAt(policy, "except")).toContain("keyword.control.except.route");
    expect(scopesAt(policy, "std.secrets")).toContain("support.constant.set.route");
    expect(scopesAt(policy, '"OS and user')).toContain("string.quoted.double.route");
    expect(scopesAt(policy, '"OS and user')).not.toContain("string.regexp.glob.route");
  });

  it("scopes file-match patterns as globs when after any file", () => {
    const line = 'classify { any file "src/**/*.ts" and label "x" -> L1 }';
    expect(scopesAt(line, "src/")).toContain("string.regexp.glob.route");
    expect(scopesAt(line, "**")).toContain("keyword.operator.wildcard.glob.route");
    expect(scopesAt(line, '"x"')).not.toContain("string.regexp.glob.route");
  });

  it("scopes comments when they follow code or fill a line", () => {
    expect(scopesAt(policy, "# The safe")).toContain("comment.line.number-sign.route");
    const inDeny = 'deny s {\n  "a" # not a glob "b"\n}';
    expect(scopesAt(inDeny, "# not")).toContain("comment.line.number-sign.route");
    expect(scopesAt(inDeny, '"b"')).toContain("comment.line.number-sign.route");
    const hashInString = 'runtime r { endpoint "http://h/#frag" } # real';
    expect(scopesAt(hashInString, "#frag")).toContain("string.quoted.double.route");
    expect(scopesAt(hashInString, "#frag")).not.toContain("comment.line.number-sign.route");
    expect(scopesAt(hashInString, "# real")).toContain("comment.line.number-sign.route");
  });

  it("scopes operators and logical words when in conditions", () => {
    expect(scopesAt(policy, "=>")).toContain("keyword.operator.implies.route");
    expect(scopesAt(policy, ">= 2")).toContain("keyword.operator.comparison.route");
    expect(scopesAt(policy, "and files")).toContain("keyword.operator.logical.route");
    expect(scopesAt(policy, "in [auth")).toContain("keyword.operator.in.route");
    expect(scopesAt(policy, "otherwise")).toContain("keyword.control.route");
    expect(scopesAt(policy, "yes vram")).toContain("constant.language.boolean.route");
  });

  it("scopes features when compared or tested for membership", () => {
    expect(scopesAt(policy, "files <=")).toContain("variable.other.feature.route");
    expect(scopesAt(policy, "kind in")).toContain("variable.other.feature.route");
    expect(scopesAt("escalate { kind not in [a] -> claude }", "kind")).toContain("variable.other.feature.route");
    expect(scopesAt(policy, "edit and")).not.toContain("variable.other.feature.route");
    expect(scopesAt(policy, "path ->")).toContain("constant.language.route");
    expect(scopesAt(policy, "vram critical")).toContain("keyword.other.predicate.route");
  });

  it("agrees with the lexer on strings, numbers and comments when tokenizing random policies", () => {
    fc.assert(
      fc.property(sourceFile, fc.array(gap, { minLength: 1, maxLength: 16 }), (file, gaps) => {
        const text = perturb(printPolicy(file), gaps).replaceAll("\r\n", "\n");
        const lexed = lex(new LineMap("random.route", text));
        const scopesAt = scopesByOffset(text);
        for (const token of lexed.tokens) {
          const scopes = scopesAt(token.startOffset).join(" ");
          if (token.tokenType === t.StringLiteral) expect(scopes, token.image).toMatch(/\bstring\./);
          else if (tokenMatcher(token, t.Quantity)) expect(scopes, token.image).toContain("constant.numeric.route");
          else expect(scopes, token.image).not.toMatch(/\b(string|comment)\./);
        }
        for (const comment of lexed.comments) expect(scopesAt(comment.startOffset).join(" ")).toContain("comment.line.number-sign.route");
      }),
      { numRuns: 100 },
    );
  });
});
