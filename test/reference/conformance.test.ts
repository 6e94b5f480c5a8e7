import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckedPolicy } from "../../src/check/checked.js";
import { globMatches, referenceEvaluate } from "../../src/reference/index.js";
import type { Decision } from "../../src/runtime/types.js";
import { comparable } from "../../src/verify/index.js";
import { checkedFrom } from "../verify/helpers.js";

interface GlobCase {
  readonly pattern: string;
  readonly path: string;
  readonly match: boolean;
  readonly case: "insensitive" | "sensitive";
}

interface VectorFile {
  readonly note: string;
  readonly table: string;
  readonly cases: readonly { readonly note: string; readonly input: unknown; readonly want: Decision }[];
}

describe("reference globs", () => {
  const cases = JSON.parse(readFileSync("fixtures/conformance/globs/cases.json", "utf8")) as GlobCase[];
  for (const c of cases) {
    it(`${c.match ? "matches" : "does not match"} \`${c.path}\` when the glob is \`${c.pattern}\` (${c.case})`, () => {
      const fold = c.case === "insensitive";
      // The cases pin glob semantics on one path view as given, before normalization and home views.
      const view = c.path.normalize("NFC");
      expect(globMatches(c.pattern, [], [fold ? view.toLowerCase() : view], fold)).toBe(c.match);
    });
  }
});

const policies = new Map<string, CheckedPolicy>();
function policyFor(table: string): CheckedPolicy {
  const name = table.replace(/^.*\//, "").replace(/\.table\.json$/, "");
  const cached = policies.get(name);
  if (cached) return cached;
  const policy = checkedFrom(readFileSync(join("policies", `${name}.route`), "utf8"), `${name}.route`);
  policies.set(name, policy);
  return policy;
}

describe("referenceEvaluate conformance", () => {
  for (const topic of ["routing", "paths", "errors", "random"]) {
    const dir = join("fixtures/conformance", topic);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
      const vectors = JSON.parse(readFileSync(join(dir, file), "utf8")) as VectorFile;
      it(`decides every ${topic} vector of ${file} as the vector wants when run on the policy`, () => {
        const policy = policyFor(vectors.table);
        const wrong = vectors.cases
          .map((c) => ({ note: c.note, got: comparable(referenceEvaluate(policy, c.input)), want: comparable(c.want) }))
          .filter((r) => JSON.stringify(r.got) !== JSON.stringify(r.want));
        expect(wrong).toEqual([]);
      });
    }
  }
});
