import { describe, expect, it } from "vitest";
import { allCodes } from "../../src/diagnostics/registry.js";
import { renderCodeDocs } from "../../src/diagnostics/render/index.js";

describe("docs/diagnostics.md", () => {
  it("matches the registry when generated", async () => {
    await expect(renderCodeDocs(allCodes), "docs/diagnostics.md is out of date: run `npm run gen:docs`").toMatchFileSnapshot("../../docs/diagnostics.md");
  });
});

describe("renderCodeDocs", () => {
  const doc = renderCodeDocs(allCodes);

  it("has a heading per code with its slug and links to it from the stage table", () => {
    for (const info of allCodes) {
      expect(doc).toContain(`### ${info.code} ${info.slug}\n`);
      expect(doc).toContain(`| [${info.code}](#${info.code.toLowerCase()}-${info.slug}) | \`${info.slug}\` | ${info.severity} |`);
    }
  });

  it("groups codes under their stage in code order", () => {
    const headings = [...doc.matchAll(/^### (R\d{4})/gm)].map((m) => m[1]);
    expect(headings).toEqual(allCodes.map((c) => c.code));
    expect(doc.indexOf("## Check (R02xx)")).toBeLessThan(doc.indexOf("### R0201"));
  });

  it("escapes a pipe in a summary so the table stays intact", () => {
    const out = renderCodeDocs([{ code: "R0299", slug: "x", severity: "error", summary: "a | b", explanation: "e" }]);
    expect(out).toContain("| a \\| b |");
  });
});
