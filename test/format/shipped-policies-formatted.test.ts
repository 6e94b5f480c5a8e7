import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatSource } from "../../src/format/index.js";

const dir = new URL("../../policies/", import.meta.url);
const policies = readdirSync(dir)
  .filter((name) => name.endsWith(".route"))
  .sort();

describe("shipped policies", () => {
  it("finds the shipped policies when the policies directory is read", () => {
    expect(policies).toContain("default.route");
  });

  for (const name of policies) {
    it(`is already formatted when ${name} is formatted (run \`routec fmt --write policies\`)`, () => {
      const text = readFileSync(new URL(name, dir), "utf8");
      const result = formatSource(text, `policies/${name}`);
      expect(result.ok).toBe(true);
      expect(result.ok ? result.value : null).toBe(text);
    });
  }
});
