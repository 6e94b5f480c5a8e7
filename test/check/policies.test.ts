import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkFiles } from "./helpers.js";

const dir = new URL("../../policies/", import.meta.url);
const shipped = readdirSync(dir).filter((f) => f.endsWith(".route")).sort();

describe("shipped policies", () => {
  it.each(shipped)("checks %s without diagnostics", (name) => {
    const result = checkFiles({ [name]: readFileSync(new URL(name, dir), "utf8") }, name);
    expect(result.diagnostics).toEqual([]);
    expect(result.policy).not.toBeNull();
  });
});
