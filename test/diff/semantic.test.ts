import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { checkedFromTable } from "../../src/diff/from-table.js";
import type { DiffSide, SemanticDiff } from "../../src/diff/semantic.js";
import { outcomeKey, outcomeOf, semanticDiff } from "../../src/diff/semantic.js";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import type { Verifier } from "../../src/pipeline/compile.js";
import { compilePolicy } from "../../src/pipeline/compile.js";
import { evaluate } from "../../src/runtime/index.js";
import type { Input } from "../../src/runtime/types.js";
import { memoryHost } from "../../src/syntax/index.js";
import { arbitraryInput } from "../../src/testing/index.js";
import { namedValues, randomInputs } from "../../src/verify/index.js";

const noProofs: Verifier = () => ({ summary: { cells: 0, checks: [] }, diagnostics: [] });

/** Compiles policy text without proofs (an edit may break an assert; the diff must still show it). */
function side(text: string): DiffSide {
  const host = memoryHost({ "p.route": text });
  const analysis = analyzePolicy("p.route", host);
  const compiled = compilePolicy("p.route", host, noProofs);
  if (analysis.checked === null || compiled.table === null) throw new Error(`does not compile: ${JSON.stringify(analysis.diagnostics.slice(0, 2))}`);
  return { checked: analysis.checked, table: compiled.table };
}

const shipped = ["default", "strict", "low-vram", "offload"] as const;
const sources = Object.fromEntries(shipped.map((n) => [n, readFileSync(new URL(`../../policies/${n}.route`, import.meta.url), "utf8")])) as Record<(typeof shipped)[number], string>;
const sides = {} as Record<(typeof shipped)[number], DiffSide>;

beforeAll(() => {
  for (const n of shipped) sides[n] = side(sources[n]);
});

/** Every reported witness decides as its change says under both tables, and the two decisions differ. */
function expectWitnessesConfirmed(before: DiffSide, after: DiffSide, diff: SemanticDiff): void {
  for (const c of diff.changes) {
    const b = outcomeOf(evaluate(before.table, c.witness));
    const a = outcomeOf(evaluate(after.table, c.witness));
    expect(outcomeKey(b), JSON.stringify(c.witness)).toBe(outcomeKey(c.before));
    expect(outcomeKey(a), JSON.stringify(c.witness)).toBe(outcomeKey(c.after));
    expect(outcomeKey(a)).not.toBe(outcomeKey(b));
  }
}

/** Seeded random inputs over both policies' names and thresholds whose decision changed, as change keys. */
function sampledChanges(before: DiffSide, after: DiffSide, count: number, seed: number): { input: Input; key: string }[] {
  const inputs = [
    ...randomInputs(before.checked, namedValues(before.checked), count, seed),
    ...randomInputs(after.checked, namedValues(after.checked), count, seed + 1),
    ...fc.sample(arbitraryInput(after.table), { numRuns: count, seed }),
  ];
  return inputs.flatMap((input) => {
    const b = outcomeKey(outcomeOf(evaluate(before.table, input)));
    const a = outcomeKey(outcomeOf(evaluate(after.table, input)));
    return a === b ? [] : [{ input, key: `${b}→${a}` }];
  });
}

describe("semanticDiff", () => {
  it.each(shipped)("reports no change when %s is compared with itself", (name) => {
    const diff = semanticDiff(sides[name], sides[name]);
    expect(diff.changes).toEqual([]);
    expect(diff.unwitnessed).toBe(0);
    expect(diff.cells).toBeGreaterThan(10);
  });

  it("reports no change when a table is compared with the policy it was compiled from", () => {
    const table = sides.default.table;
    const diff = semanticDiff({ checked: checkedFromTable(table), table }, sides.default);
    expect(diff.changes).toEqual([]);
  });

  it("reports no change when disjoint classify rules are swapped or a deny set is renamed", () => {
    const swapped = sources.default.replace("  kind in [auth, crypto, deploy] -> L3\n  kind in [docs, format, lint] -> L0\n", "  kind in [docs, format, lint] -> L0\n  kind in [auth, crypto, deploy] -> L3\n");
    expect(swapped).not.toBe(sources.default);
    expect(semanticDiff(sides.default, side(swapped)).changes).toEqual([]);
    const renamed = sources.default.replace('deny secrets "OS and user secrets"', 'deny credentials "OS and user secrets"');
    expect(renamed).not.toBe(sources.default);
    expect(semanticDiff(sides.default, side(renamed)).changes).toEqual([]);
    // `**/*.pem` is in std.secrets too: dropping the policy's copy denies nothing less.
    const duplicate = sources.default.replace('"**/*.pem" "**/id_rsa*"', '"**/id_rsa*"');
    expect(duplicate).not.toBe(sources.default);
    const dropped = semanticDiff(sides.default, side(duplicate));
    expect(dropped.changes).toEqual([]);
    expect(dropped.unwitnessed).toBe(0);
  });

  it("puts a witness at the new boundary when the tool-failure threshold moves from 2 to 3", () => {
    const edited = side(sources.default.replace("tool_failures >= 2 -> claude", "tool_failures >= 3 -> claude"));
    const diff = semanticDiff(sides.default, edited);
    expect(diff.changes.length).toBeGreaterThan(0);
    for (const c of diff.changes) expect((c.witness as Input).tool_failures).toBe(2);
    const local = diff.changes.find((c) => c.after.target === "local");
    expect(local?.before.via).toBe("escalated: tool-call instability");
    expect(local?.region).toContain("tool_failures = 2");
    expectWitnessesConfirmed(sides.default, edited, diff);
  });

  it("reports paths the removed deny pattern denied, and names the set's side", () => {
    const text = sources.strict.replace(' "**/*.tfvars"', "");
    expect(text).not.toBe(sources.strict);
    const after = side(text);
    const diff = semanticDiff(sides.strict, after);
    const local = diff.changes.filter((c) => c.after.target === "local");
    expect(local.length).toBeGreaterThan(0);
    for (const c of local) {
      expect(c.before.via).toBe("escalated: sensitive path");
      expect((c.witness as Input).files.some((f) => typeof f === "string" && f.endsWith(".tfvars"))).toBe(true);
      expect(c.region).toContain("some file denied by project (old)");
      expect(c.region).toContain("no file denied by secrets");
    }
    expectWitnessesConfirmed(sides.strict, after, diff);
  });

  it("reports a changed `on error` target with an invalid input as witness", () => {
    const text = sources.default.replace('remote claude { model "claude-sonnet-4-5" }', 'remote claude { model "claude-sonnet-4-5" }\nremote backup { model "claude-haiku-4-5" }').replace("on error -> claude", "on error -> backup");
    const diff = semanticDiff(sides.default, side(text));
    const onError = diff.changes.find((c) => c.region.includes("invalid inputs"));
    expect(onError?.after.model).toBe("claude-haiku-4-5");
    expect(evaluate(sides.default.table, onError?.witness).error).not.toBeNull();
  });

  /** Random edits of default.route: a threshold, two classify rules swapped, a trigger dropped, candidates reordered. */
  const edit = fc.oneof(
    fc.record({
      from: fc.constantFrom("tool_failures >= 2", "runtime_errors >= 3", "context > 64k", "files <= 3", "free < 10%", "free < 30%", "fragmentation > 50%"),
      to: fc.constantFrom("1", "2", "4", "20", "40"),
    }).map(({ from, to }) => (text: string) => text.replace(from, from.replace(/\d+/, to))),
    fc.integer({ min: 0, max: 4 }).map((i) => (text: string) => {
      const lines = text.split("\n");
      const start = lines.indexOf("classify {") + 1;
      const a = lines[start + i] as string;
      lines[start + i] = lines[start + i + 1] as string;
      lines[start + i + 1] = a;
      return lines.join("\n");
    }),
    fc.integer({ min: 0, max: 5 }).map((i) => (text: string) => {
      const lines = text.split("\n");
      lines.splice(lines.indexOf("escalate {") + 1 + i, 1);
      return lines.join("\n");
    }),
    fc.constantFrom(
      (t: string) => t.replace('route L1 -> "qwen2.5:7b-instruct", "llama3.1:latest", "mistral:latest"', 'route L1 -> "mistral:latest", "qwen2.5:7b-instruct", "llama3.1:latest"'),
      (t: string) => t.replace('route L0 -> "qwen2.5:7b-instruct", "phi3:latest"', 'route L0 -> "phi3:latest", "qwen2.5:7b-instruct"'),
      (t: string) => t.replace('route L2 -> synthesize draft "llama3.1:latest"', 'route L2 -> synthesize draft "mistral:latest", "llama3.1:latest"'),
    ),
  );

  it("confirms every witness and misses no sampled change when default.route is edited at random", () => {
    fc.assert(
      fc.property(edit, fc.integer({ min: 1, max: 1000 }), (mutate, seed) => {
        const text = mutate(sources.default);
        const after = side(text);
        const diff = semanticDiff(sides.default, after);
        expectWitnessesConfirmed(sides.default, after, diff);
        const reported = new Set(diff.changes.map((c) => `${outcomeKey(c.before)}→${outcomeKey(c.after)}`));
        for (const { input, key } of sampledChanges(sides.default, after, 150, seed)) {
          expect(reported.has(key), `missed ${key} for ${JSON.stringify(input)}`).toBe(true);
        }
        if (text === sources.default) expect(diff.changes).toEqual([]);
      }),
      { numRuns: 25, seed: 5 },
    );
  });
});

describe("semanticDiff budget", () => {
  it("says the comparison is incomplete when the cell budget runs out", () => {
    const before = sides.default;
    const diff = semanticDiff(before, before, { maxCells: 20 });
    expect(diff.complete).toBe(false);
    expect(diff.cells).toBeLessThanOrEqual(40);
    expect(semanticDiff(before, before).complete).toBe(true);
  });
});

/** Lines of a block (`classify {` … `}`) that are rules: not comments, not `otherwise`. */
function blockRules(lines: readonly string[], header: string): number[] {
  const start = lines.indexOf(header);
  const out: number[] = [];
  for (let i = start + 1; i < lines.length && lines[i] !== "}"; i += 1) {
    const line = (lines[i] as string).trim();
    if (line !== "" && !line.startsWith("#") && !line.startsWith("otherwise")) out.push(i);
  }
  return out;
}

/** Generic random edits of any policy text, chosen by index so every shipped policy can be edited. */
const genericEdit = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(0, 1, 3, 5, 20)).map(([n, value]) => (text: string) => {
    const lines = text.split("\n");
    const rules = [...blockRules(lines, "classify {"), ...blockRules(lines, "escalate {")].filter((i) => /(?:>=|<=|>|<) \d+/.test(lines[i] as string));
    const at = rules[n % Math.max(1, rules.length)];
    if (at !== undefined) lines[at] = (lines[at] as string).replace(/((?:>=|<=|>|<) )\d+/, `$1${value}`);
    return lines.join("\n");
  }),
  fc.nat().map((n) => (text: string) => {
    const lines = text.split("\n");
    const rules = blockRules(lines, "classify {");
    const i = rules[n % Math.max(1, rules.length - 1)];
    if (i === undefined || rules.indexOf(i) + 1 >= rules.length) return text;
    const j = rules[rules.indexOf(i) + 1] as number;
    [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
    return lines.join("\n");
  }),
  fc.nat().map((n) => (text: string) => {
    const lines = text.split("\n");
    const rules = blockRules(lines, "escalate {");
    const at = rules[n % Math.max(1, rules.length)];
    if (at !== undefined) lines.splice(at, 1);
    return lines.join("\n");
  }),
  fc.nat().map((n) => (text: string) => {
    const lines = text.split("\n");
    const routes = lines.map((l, i) => [l, i] as const).filter(([l]) => /^route \S+ -> "[^"]+", "/.test(l));
    const hit = routes[n % Math.max(1, routes.length)];
    if (hit === undefined) return text;
    const [line, i] = hit;
    lines[i] = line.replace(/-> ((?:"[^"]+",? ?)+)/, (_m, list: string) => `-> ${list.split(",").map((s) => s.trim()).filter((s) => s !== "").reverse().join(", ")} `);
    return lines.join("\n");
  }),
);

describe("semanticDiff on every shipped policy", () => {
  it.each(shipped)("confirms every witness and misses no sampled change when %s is edited at random", (name) => {
    let changed = 0;
    fc.assert(
      fc.property(genericEdit, fc.integer({ min: 1, max: 1000 }), (mutate, seed) => {
        const text = mutate(sources[name]);
        const after = side(text);
        const diff = semanticDiff(sides[name], after);
        if (diff.changes.length > 0) changed += 1;
        expectWitnessesConfirmed(sides[name], after, diff);
        const reported = new Set(diff.changes.map((c) => `${outcomeKey(c.before)}→${outcomeKey(c.after)}`));
        for (const { input, key } of sampledChanges(sides[name], after, 100, seed)) {
          expect(reported.has(key), `missed ${key} for ${JSON.stringify(input)}`).toBe(true);
        }
      }),
      { numRuns: 8, seed: 11 },
    );
    expect(changed, "the random edits must change some decisions").toBeGreaterThan(2);
  });
});
