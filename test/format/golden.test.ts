import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatSource } from "../../src/format/index.js";

const dir = new URL("../fixtures/format/", import.meta.url);
const names = readdirSync(dir)
  .filter((name) => name.endsWith(".route") && !name.endsWith(".formatted.route"))
  .map((name) => name.slice(0, -".route".length))
  .sort();

function read(name: string): string {
  return readFileSync(new URL(name, dir), "utf8");
}

function format(text: string, file: string): string {
  const result = formatSource(text, file);
  if (!result.ok) throw new Error(`formatting ${file} failed: ${JSON.stringify(result.diagnostics)}`);
  return result.value;
}

describe("formatSource goldens", () => {
  it("finds golden pairs when the fixture directory is read", () => {
    expect(names).toEqual(expect.arrayContaining(["comments", "conditions", "layout", "strings"]));
  });

  for (const name of names) {
    it(`prints ${name}.route as ${name}.formatted.route when formatted`, () => {
      expect(format(read(`${name}.route`), `${name}.route`)).toBe(read(`${name}.formatted.route`));
    });

    it(`leaves ${name}.formatted.route unchanged when formatted again`, () => {
      const formatted = read(`${name}.formatted.route`);
      expect(format(formatted, `${name}.formatted.route`)).toBe(formatted);
    });
  }

  it("writes \n line endings and keeps comments in place when the input uses \r\n", () => {
    const text = 'policy "p"\r\n# lead\r\nroute L0 -> claude # trail\r\nroute L1 -> claude\r\n';
    expect(format(text, "crlf.route")).toBe('policy "p"\n\n# lead\nroute L0 -> claude # trail\nroute L1 -> claude\n');
  });

  it("returns the parse diagnostics when the text does not parse", () => {
    const result = formatSource('policy "p"\nroute L0 ->\n', "bad.route");
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["R0102"]);
  });
});
