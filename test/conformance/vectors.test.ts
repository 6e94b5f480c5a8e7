import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fsHost } from "../../src/cli/fs-host.js";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import { disagreement } from "../../src/verify/translation.js";
import { referenceEvaluate } from "../../src/reference/index.js";
import { evaluate } from "../../src/runtime/index.js";
import type { Table } from "../../src/runtime/types.js";
import { topics } from "./inputs.js";

const root = new URL("../../", import.meta.url).pathname;
const tableNames = readdirSync(`${root}fixtures/tables`).filter((f) => f.endsWith(".table.json")).map((f) => f.replace(/\.table\.json$/, "")).sort();

function table(name: string): Table {
  return JSON.parse(readFileSync(`${root}fixtures/tables/${name}.table.json`, "utf8")) as Table;
}

function vectorFile(topic: string, name: string): string {
  const cases = (topics[topic] ?? []).map(({ note, input }) => ({ note, input, want: evaluate(table(name), input) }));
  return `${JSON.stringify({ note: `${topic} vectors for policies/${name}.route`, table: `fixtures/tables/${name}.table.json`, cases }, null, 2)}\n`;
}

describe("conformance vectors", () => {
  const pairs = Object.keys(topics).flatMap((topic) => tableNames.map((name) => [topic, name] as const));

  it.each(pairs)("the runtime reproduces fixtures/conformance/%s/%s.json (vitest --update to regenerate after review)", async (topic, name) => {
    await expect(vectorFile(topic, name)).toMatchFileSnapshot(`../../fixtures/conformance/${topic}/${name}.json`);
  });

  it.each(tableNames)("the reference interpreter agrees with every vector of policies/%s.route", (name) => {
    const analysis = analyzePolicy(`${root}policies/${name}.route`, fsHost());
    if (analysis.checked === null) throw new Error(`policies/${name}.route does not check`);
    const checked = analysis.checked;
    const disagreements = Object.keys(topics).flatMap((topic) =>
      (topics[topic] ?? []).flatMap(({ note, input }) => {
        const fields = disagreement(evaluate(table(name), input), referenceEvaluate(checked, input));
        return fields.length === 0 ? [] : [`${topic}: ${note}: ${fields.join(", ")}`];
      }),
    );
    expect(disagreements).toEqual([]);
  });

  it("routes every secret spelling of the paths topic remotely under every policy", () => {
    for (const name of tableNames) {
      for (const { note, input } of topics["paths"] ?? []) {
        if (!note.startsWith("secret spelling")) continue;
        const decision = evaluate(table(name), input);
        expect({ name, note, target: decision.target, denied: decision.denied.length > 0 }).toEqual({ name, note, target: "remote", denied: true });
      }
    }
  });
});
