/**
 * Every registered code, of every stage, must be triggered by a test: either an error fixture
 * `test/fixtures/<stage>/err/<name>.route` with `<name>.expected.json` (`{ "code", "snippet" }`), or, for codes no
 * `.route` file can produce (runtime, probe, router, CLI), an entry in `test/fixtures/<stage>/codes-tested-elsewhere.json`
 * mapping the code to the test file that triggers it (which must mention the code).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allCodes } from "../../src/diagnostics/registry.js";

/** Stage directory names by code prefix, as in `src/diagnostics/codes/<stage>.ts`. */
const stages: Readonly<Record<string, string>> = {
  R01: "syntax",
  R02: "check",
  R03: "verify",
  R04: "compile",
  R05: "input",
  R06: "probe",
  R07: "router",
  R08: "testing",
  R09: "cli",
};

const root = new URL("../../", import.meta.url);

/** The repository's files as the walker sees them; tests substitute a fake. */
interface Files {
  readonly exists: (path: string) => boolean;
  readonly read: (path: string) => string;
  readonly list: (dir: string) => string[];
}

const repo: Files = {
  exists: (path) => existsSync(new URL(path, root)),
  read: (path) => readFileSync(new URL(path, root), "utf8"),
  list: (dir) => readdirSync(new URL(dir, root)),
};

function stageOf(code: string): string {
  const stage = stages[code.slice(0, 3)];
  if (stage === undefined) throw new Error(`code ${code} is outside every stage's range`);
  return stage;
}

/** Codes of the stage's error fixtures, by fixture name. */
function fixtureCodes(stage: string, files: Files = repo): Map<string, string> {
  const dir = `test/fixtures/${stage}/err/`;
  if (!files.exists(dir)) return new Map();
  const names = files.list(dir).filter((f) => f.endsWith(".expected.json"));
  return new Map(names.map((name) => [name, (JSON.parse(files.read(dir + name)) as { code: string }).code]));
}

function elsewhere(stage: string, files: Files = repo): Record<string, string> {
  const path = `test/fixtures/${stage}/codes-tested-elsewhere.json`;
  return files.exists(path) ? (JSON.parse(files.read(path)) as Record<string, string>) : {};
}

/** The fixture or test that triggers `code`, or null. */
function coverage(code: string, files: Files = repo): string | null {
  const stage = stageOf(code);
  for (const [name, fixtureCode] of fixtureCodes(stage, files)) if (fixtureCode === code) return `test/fixtures/${stage}/err/${name}`;
  const test = elsewhere(stage, files)[code];
  return test !== undefined && files.exists(test) && files.read(test).includes(code) ? test : null;
}

describe("diagnostic code coverage", () => {
  it.each(allCodes.map((c) => [c.code, c.slug] as const))("has a fixture or a test that triggers %s (%s)", (code, slug) => {
    const stage = stageOf(code);
    expect(
      coverage(code),
      `${code} (${slug}) is not tested: add test/fixtures/${stage}/err/<name>.route with <name>.expected.json ` +
        `{ "code": "${code}", "snippet": "<underlined text>" }, or map it to the test that triggers it in ` +
        `test/fixtures/${stage}/codes-tested-elsewhere.json (that test must mention ${code})`,
    ).not.toBeNull();
  });

  it("pairs every expected.json with a .route fixture", () => {
    for (const stage of Object.values(stages)) {
      for (const name of fixtureCodes(stage).keys()) {
        expect(repo.exists(`test/fixtures/${stage}/err/${name.replace(/\.expected\.json$/, ".route")}`), `${stage}/err/${name}`).toBe(true);
      }
    }
  });

  it("lists only registered codes of the stage in codes-tested-elsewhere.json", () => {
    const registered = new Set(allCodes.map((c) => c.code));
    for (const stage of Object.values(stages)) {
      for (const code of Object.keys(elsewhere(stage))) {
        expect(registered.has(code) && stageOf(code) === stage, `${code} in test/fixtures/${stage}/codes-tested-elsewhere.json`).toBe(true);
      }
    }
  });

  it("accepts a mapped test only when it mentions the code", () => {
    const fake = (testText: string): Files => {
      const tree: Record<string, string> = {
        "test/fixtures/cli/codes-tested-elsewhere.json": '{ "R0901": "test/cli/x.test.ts" }',
        "test/cli/x.test.ts": testText,
      };
      return { exists: (p) => p in tree, read: (p) => tree[p] ?? "", list: () => [] };
    };
    expect(coverage("R0901", fake("expect(err).toContain('R0901')"))).toBe("test/cli/x.test.ts");
    expect(coverage("R0901", fake("expect(code).toBe(2)"))).toBeNull();
  });

  it("accepts an error fixture of the code's own stage", () => {
    const tree: Record<string, string> = { "test/fixtures/check/err/": "", "test/fixtures/check/err/a.expected.json": '{ "code": "R0203", "snippet": "x" }' };
    const files: Files = { exists: (p) => p in tree, read: (p) => tree[p] ?? "", list: () => ["a.expected.json", "a.route"] };
    expect(coverage("R0203", files)).toBe("test/fixtures/check/err/a.expected.json");
    expect(coverage("R0204", files)).toBeNull();
  });
});
