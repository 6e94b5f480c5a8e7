import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { probeCodes } from "../../src/diagnostics/codes/probe.js";
import { FAULT_CODES } from "../../src/probe/schema.js";

const listed = JSON.parse(readFileSync(new URL("../fixtures/probe/codes-tested-elsewhere.json", import.meta.url), "utf8")) as Record<string, string>;

describe("probe codes", () => {
  it("lists every registered probe code with a test file that mentions it", () => {
    expect(Object.keys(listed).sort()).toEqual(probeCodes.map((c) => c.code).sort());
    for (const [code, file] of Object.entries(listed)) {
      expect(readFileSync(new URL(`../../${file}`, import.meta.url), "utf8"), `${file} must test ${code}`).toContain(code);
    }
  });

  it("maps every fault to a registered code in the R06xx range", () => {
    const registered = new Set(probeCodes.map((c) => c.code));
    for (const code of Object.values(FAULT_CODES)) if (code !== null) expect(registered.has(code)).toBe(true);
    for (const c of probeCodes) {
      expect(c.code).toMatch(/^R06\d\d$/);
      expect(c.summary, c.code).toMatch(/^[a-z`].*[^.]$/);
    }
  });
});
