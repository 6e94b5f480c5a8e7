import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, finalizeTable, prettyJson, sha256Hex, tableSha256 } from "../../src/compile/canonical.js";
import { InternalError } from "../../src/diagnostics/diagnostic.js";
import { minimalBody } from "./fixtures.js";

const nodeSha = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

describe("sha256Hex", () => {
  it("matches node:crypto when strings are random unicode", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
      expect(sha256Hex(text)).toBe(nodeSha(text));
    }), { numRuns: 500 });
  });

  it("matches node:crypto when the length crosses a block boundary", () => {
    for (let n = 50; n < 140; n++) expect(sha256Hex("a".repeat(n))).toBe(nodeSha("a".repeat(n)));
  });

  it("gives the FIPS 180-4 digest of abc", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("canonicalJson", () => {
  it("sorts keys and drops whitespace when objects nest", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: "x" }], c: true } })).toBe('{"a":{"c":true,"d":[3,{"y":"x","z":null}]},"b":1}');
  });

  it("writes integers without a fraction when numbers are whole", () => {
    expect(canonicalJson([1.0, -0, 5.5, 1e21])).toBe("[1,0,5.5,1e+21]");
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [undefined], [{ a: undefined }], [[1, undefined]]])(
    "throws an InternalError when the value holds %s",
    (value) => {
      expect(() => canonicalJson(value)).toThrow(InternalError);
    },
  );

  it("round-trips through JSON.parse when values are random json", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("ignores key insertion order when objects are equal", () => {
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe("finalizeTable", () => {
  it("hashes the canonical json of the table without its sha256 key", () => {
    const table = finalizeTable(minimalBody(), { cells: 0, checks: [] });
    const { sha256, ...rest } = table;
    expect(sha256).toBe(nodeSha(canonicalJson(rest)));
    expect(tableSha256(table)).toBe(sha256);
  });

  it("gives the same sha256 when the pretty form is parsed back", () => {
    const table = finalizeTable(minimalBody(), { cells: 3, checks: [{ name: "totality", status: "proved", detail: null }] });
    const reparsed = JSON.parse(prettyJson(table)) as typeof table;
    expect(tableSha256(reparsed)).toBe(table.sha256);
    expect(prettyJson(table).endsWith("}\n")).toBe(true);
  });
});
