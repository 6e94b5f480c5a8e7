/**
 * Compile-stage error fixtures: each `test/fixtures/compile/err/<name>.route` must fail to compile with exactly one
 * diagnostic, whose code and underlined text are in `<name>.expected.json`. (R0401 and R0402 are caught by the
 * checker first in a full compile, so test/compile/globs.test.ts triggers them on the glob compiler directly.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fsHost } from "../../src/cli/fs-host.js";
import { compilePolicy } from "../../src/pipeline/compile.js";

const dir = new URL("../fixtures/compile/err/", import.meta.url).pathname;
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".route")).sort();

describe("compile errors", () => {
  it.each(fixtures)("reports the expected code under the expected text when compiling %s", (file) => {
    const expected = JSON.parse(readFileSync(`${dir}${file.replace(/\.route$/, ".expected.json")}`, "utf8")) as { code: string; snippet: string };
    const result = compilePolicy(`${dir}${file}`, fsHost());
    expect(result.table).toBeNull();
    expect(result.diagnostics.map((d) => d.code)).toEqual([expected.code]);
    const span = result.diagnostics[0]?.span;
    if (!span) throw new Error("diagnostic has no span");
    expect(result.sources[span.file]?.slice(span.start.offset, span.end.offset)).toBe(expected.snippet);
  });
});
