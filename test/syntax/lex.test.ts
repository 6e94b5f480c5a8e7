import { describe, expect, it } from "vitest";
import { LineMap, decodeString, lex } from "../../src/syntax/lex.js";

function tokens(text: string): [string, string][] {
  return lex(new LineMap("t.route", text)).tokens.map((token) => [token.tokenType.name, token.image]);
}

describe("lex", () => {
  it("lexes each unit as its own quantity token when numbers carry units", () => {
    expect(tokens("32k 128k 1M 5.4GiB 512MiB 8GB 10% 0.5 7")).toEqual([
      ["TokenCount", "32k"],
      ["TokenCount", "128k"],
      ["TokenCount", "1M"],
      ["ByteSize", "5.4GiB"],
      ["ByteSize", "512MiB"],
      ["ByteSize", "8GB"],
      ["Percentage", "10%"],
      ["PlainNumber", "0.5"],
      ["PlainNumber", "7"],
    ]);
  });

  it("keeps a longer identifier whole when it starts with a keyword", () => {
    expect(tokens("include included in inx notable files file filesystem")).toEqual([
      ["Include", "include"],
      ["Identifier", "included"],
      ["In", "in"],
      ["Identifier", "inx"],
      ["Identifier", "notable"],
      ["Files", "files"],
      ["File", "file"],
      ["Identifier", "filesystem"],
    ]);
  });

  it("lexes arrows, comparisons and punctuation when they are adjacent", () => {
    expect(tokens("->=>==!=<=>=<>[]{}(),:.").map(([, image]) => image)).toEqual([
      "->", "=>", "==", "!=", "<=", ">=", "<", ">", "[", "]", "{", "}", "(", ")", ",", ":", ".",
    ]);
  });

  it("puts comments in their own group when a line has one", () => {
    const out = lex(new LineMap("t.route", 'a # note "x"\nb'));
    expect(out.tokens.map((t) => t.image)).toEqual(["a", "b"]);
    expect(out.comments.map((t) => t.image)).toEqual(['# note "x"']);
  });

  it("reports a number glued to letters once when its unit is unknown", () => {
    const out = lex(new LineMap("t.route", "4kb 2.3gib 1.2.3"));
    expect(out.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["R0106", "invalid number `4kb`"],
      ["R0106", "invalid number `2.3gib`"],
      ["R0106", "invalid number `1.2.3`"],
    ]);
    expect(out.tokens.map((t) => t.tokenType.name)).toEqual(["PlainNumber", "PlainNumber", "PlainNumber"]);
  });

  it("reports a run of unknown characters once with control characters escaped", () => {
    const out = lex(new LineMap("t.route", "a \u0001\u0002 b"));
    expect(out.diagnostics.map((d) => d.message)).toEqual(["unknown characters `\\u{1}\\u{2}`"]);
  });
});

describe("decodeString", () => {
  it("decodes every supported escape when the string is well formed", () => {
    expect(decodeString('"a\\"b\\\\c\\nd\\te\\u{1F600}\\u{41}"')).toEqual({ value: 'a"b\\c\nd\te\u{1F600}A', problems: [] });
  });

  it("reports an unterminated string when the closing quote is missing or escaped", () => {
    expect(decodeString('"abc').problems.map((p) => p.code)).toEqual(["R0104"]);
    expect(decodeString('"abc\\"').problems.map((p) => p.code)).toEqual(["R0104"]);
    expect(decodeString('"').problems.map((p) => p.code)).toEqual(["R0104"]);
    expect(decodeString('"abc\\\\"').problems).toEqual([]);
  });

  it("locates bad escapes within the image when escapes are unknown or out of range", () => {
    const image = '"x\\qy\\u{110000}\\u{}"';
    const problems = decodeString(image).problems;
    expect(problems.map((p) => [p.code, image.slice(p.start, p.end)])).toEqual([
      ["R0105", "\\q"],
      ["R0105", "\\u{110000}"],
      ["R0105", "\\u{}"],
    ]);
  });
});

describe("LineMap", () => {
  it("maps offsets to 1-based lines and columns when lines end in LF, CRLF or CR", () => {
    const lines = new LineMap("f", "ab\ncd\r\nef\rg");
    expect([0, 2, 3, 5, 7, 10, 11].map((o) => [lines.position(o).line, lines.position(o).column])).toEqual([
      [1, 1],
      [1, 3],
      [2, 1],
      [2, 3],
      [3, 1],
      [4, 1],
      [4, 2],
    ]);
  });
});
