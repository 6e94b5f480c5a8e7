import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonPointer, nodeAt, parseJson5, toValue } from "../../src/router/json.js";

function value(text: string): unknown {
  const parsed = parseJson5(text, "f.json");
  if (!parsed.ok) throw new Error(parsed.error.message);
  return toValue(parsed.root);
}

describe("parseJson5", () => {
  it("reads the json5 forms when configs use them", () => {
    expect(value("{a: 'x\\n', \"b\": [1, +2, .5, 0x1F, -Infinity,], c: null, d: true, /* c */ e: 'it\\'s'} // end")).toEqual({
      a: "x\n",
      b: [1, 2, 0.5, 31, -Infinity],
      c: null,
      d: true,
      e: "it's",
    });
  });

  it("agrees with JSON.parse on any json text", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(value(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with JSON.parse when given plain json", () => {
    const text = JSON.stringify({ x: [1, "two", { three: 3.5e2 }], y: "\u00e9\\\"" });
    expect(value(text)).toEqual(JSON.parse(text));
  });

  it("records line and column spans when values span lines", () => {
    const parsed = parseJson5('{\n  "Router": {\n    "default": "a,b"\n  }\n}', "f.json");
    if (!parsed.ok) throw new Error("parse failed");
    const node = nodeAt(parsed.root, ["Router", "default"]);
    expect(node?.span.start).toEqual({ offset: 31, line: 3, column: 16 });
    expect(node?.span.end).toEqual({ offset: 36, line: 3, column: 21 });
  });

  it.each([
    ['{"a": 1,, }', "expected a key or `}`, found `,`", ","],
    ['{"a": "x', "unterminated string", '"x'],
    ["[1 2]", "expected `,` or `]`, found `2`", "2"],
    ["{} x", "unexpected `x` after the end of the value", "x"],
    ["{ a: nope }", "expected a value, found `nope`", "nope"],
    ["/* open", "unterminated comment", "/*"],
  ])("locates the error when given %s", (text, message, snippet) => {
    const parsed = parseJson5(text, "f.json");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.message).toBe(message);
    expect(text.slice(parsed.error.span.start.offset, parsed.error.span.end.offset)).toBe(snippet);
  });

  it("keeps the last value when a key repeats", () => {
    expect(value('{"a": 1, "a": 2}')).toEqual({ a: 2 });
  });
});

describe("jsonPointer", () => {
  it("escapes ~ and / when keys contain them", () => {
    expect(jsonPointer(["Providers", 0, "a/b~c"])).toBe("/Providers/0/a~1b~0c");
  });
});
