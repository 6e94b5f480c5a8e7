import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import { fingerprintKey, fnv1a64, renderGithub, renderJson, renderSarif, renderText } from "../../src/diagnostics/render/index.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { memoryHost } from "../../src/syntax/index.js";

const policy = `policy "p" version 1

runtime ollama { endpoint "http://127.0.0.1:11434" }
model "qwen2.5:7b-instruct" on ollama { context 32k tools yes vram 5.4GiB }
remote claude { model "claude-sonnet-4-5" }
class L1 "routine" { max_context 32k }
class L1 "again" { }
classify {
  otherwise -> L1
}
route L1 -> "qwen2.5:7b" else claude
on error -> claude
`;

function analyze(text: string, file = "policies/p.route") {
  return analyzePolicy(file, memoryHost({ [file]: text }));
}

const duplicate = analyze(policy);
const unknownModel = analyze(policy.replace('class L1 "again" { }\n', ""));

describe("renderText", () => {
  it("cuts the excerpt around the span when the line is very long", () => {
    const text = `policy "p"\nclassify { ${"kind == edit or ".repeat(2_000)}kind == nope -> L1 }\n`;
    const { diagnostics, sources } = analyze(text);
    const rendered = renderText(diagnostics, sources);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const line of rendered.split("\n")) expect(line.length).toBeLessThan(200);
    expect(rendered).toContain("…");
  });

  it("renders 20,000 diagnostics of one file in linear time, each quoted name shortened when it is 64 KB long", () => {
    const text = `${readFileSync("policies/default.route", "utf8")}${Array.from({ length: 20_000 }, (_, i) => `route X${i} -> nope${i}\n`).join("")}route ${"C".repeat(65_536)} -> claude\n`;
    const { diagnostics, sources } = analyze(text);
    expect(diagnostics.length).toBeGreaterThan(20_000);
    const started = performance.now();
    const rendered = renderText(diagnostics, sources);
    expect(performance.now() - started).toBeLessThan(5_000);
    for (const line of rendered.split("\n")) expect(line.length).toBeLessThan(300);
  });

  it("escapes control and bidirectional characters when the source or a message contains them", () => {
    const text = 'policy "p"\nroute L1 -> "q\u{1b}[2J\u{202e}x" else claude\n\u0007\n';
    const { diagnostics, sources } = analyze(text);
    const rendered = renderText(diagnostics, sources);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(rendered).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(rendered).toContain("\\u{7}");
  });

  it("underlines the span and prints help and the summary when a model is unknown", () => {
    expect(renderText(unknownModel.diagnostics, unknownModel.sources)).toMatchInlineSnapshot(`
      "error[R0203]: unknown model \`qwen2.5:7b\`
        --> policies/p.route:10:13
         |
      10 | route L1 -> "qwen2.5:7b" else claude
         |             ^^^^^^^^^^^^
         |
         = help: did you mean \`qwen2.5:7b-instruct\`

      1 error, 0 warnings
      "
    `);
  });

  it("shows the related location as a secondary note when a name is declared twice", () => {
    expect(renderText(duplicate.diagnostics, duplicate.sources)).toMatchInlineSnapshot(`
      "error[R0201]: class \`L1\` is declared twice
       --> policies/p.route:7:7
        |
      7 | class L1 "again" { }
        |       ^^
      note: \`L1\` is first declared here
       --> policies/p.route:6:7
        |
      6 | class L1 "routine" { max_context 32k }
        |       --

      1 error, 0 warnings
      "
    `);
  });

  it("prints a diagnostic without a location as its header, help and notes", () => {
    const d: Diagnostic = { code: "R0203", severity: "error", span: null, message: "no span", help: "h", notes: ["n"] };
    expect(renderText([d], {})).toBe("error[R0203]: no span\n  = help: h\n  = note: n\n\n1 error, 0 warnings\n");
  });

  it("colours the severity only when asked", () => {
    expect(renderText(unknownModel.diagnostics, unknownModel.sources, { color: true })).toContain("\u001b[1;31merror[R0203]\u001b[0m");
    expect(renderText(unknownModel.diagnostics, unknownModel.sources)).not.toContain("\u001b[");
  });

  it("renders nothing when there are no diagnostics", () => {
    expect(renderText([], {})).toBe("");
  });

  it("makes paths relative to the root when they are under it", () => {
    const abs = analyze(policy.replace('class L1 "again" { }\n', ""), "/repo/policies/p.route");
    expect(renderText(abs.diagnostics, abs.sources, { root: "/repo" })).toContain(" --> policies/p.route:10:13");
  });
});

describe("renderJson", () => {
  it("prints the diagnostic objects themselves as an array", () => {
    const parsed: unknown = JSON.parse(renderJson(unknownModel.diagnostics));
    expect(parsed).toEqual(unknownModel.diagnostics);
    expect(Object.keys((parsed as Record<string, unknown>[])[0] ?? {})).toEqual(["code", "severity", "span", "message", "help", "suggestion"]);
  });
});

describe("renderGithub", () => {
  it("prints one workflow command with the span and the code as title", () => {
    expect(renderGithub(unknownModel.diagnostics)).toBe(
      "::error file=policies/p.route,line=10,col=13,endLine=10,endColumn=25,title=R0203::unknown model `qwen2.5:7b`%0Ahelp: did you mean `qwen2.5:7b-instruct`\n",
    );
  });

  it("escapes property separators and line breaks when they occur in paths and messages", () => {
    const span = { file: "a,b:c.route", start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };
    const d: Diagnostic = { code: "R0220", severity: "warning", span, message: "50% done\nnext" };
    expect(renderGithub([d])).toBe("::warning file=a%2Cb%3Ac.route,line=1,col=1,endLine=1,endColumn=2,title=R0220::50%25 done%0Anext\n");
  });
});

describe("renderSarif", () => {
  it("percent-encodes `#`, `?` and spaces in artifact URIs when a policy's path has them", () => {
    const file = "/repo/dir with space/pol#icy?ü%.route";
    const { diagnostics, sources } = analyze(policy, file);
    const sarif = JSON.parse(renderSarif(diagnostics, sources, { root: "/repo", toolVersion: "0.1.0" })) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uri = sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri;
    expect(uri).toBe("dir%20with%20space/pol%23icy%3F%C3%BC%25.route");
    expect(decodeURIComponent(new URL(uri ?? "", "file:///repo/").pathname)).toBe(file);
  });

  const schema = JSON.parse(readFileSync(new URL("../fixtures/sarif/sarif-schema-2.1.0.json", import.meta.url), "utf8")) as Record<string, unknown>;
  // The official schema is draft-04; ajv 8 reads its keywords as draft-07 once `id` is spelled `$id`.
  const { id, $schema: _draft, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat("uri-reference", /^\S*$/);
  ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  const validate = ajv.compile({ ...rest, $id: String(id) });

  const sarifOf = (result: ReturnType<typeof analyze>) => renderSarif(result.diagnostics, result.sources, { toolVersion: "0.1.0" });

  it("validates against the SARIF 2.1.0 schema when diagnostics have related locations and fixes", () => {
    for (const result of [duplicate, unknownModel]) {
      const log: unknown = JSON.parse(sarifOf(result));
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("fails schema validation when a region starts at column 0", () => {
    const log = JSON.parse(sarifOf(unknownModel)) as { runs: { results: { locations: { physicalLocation: { region: { startColumn: number } } }[] }[] }[] };
    const region = log.runs[0]?.results[0]?.locations[0]?.physicalLocation.region;
    if (region) region.startColumn = 0;
    expect(validate(log)).toBe(false);
  });

  it("lists the used codes as rules with the code as ruleId and 1-based regions with relative URIs", () => {
    const log = JSON.parse(sarifOf(unknownModel));
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string; name: string }) => [r.id, r.name])).toEqual([["R0203", "unknown-model"]]);
    expect(run.results[0]).toMatchObject({
      ruleId: "R0203",
      ruleIndex: 0,
      level: "error",
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "policies/p.route", uriBaseId: "%SRCROOT%" },
            region: { startLine: 10, startColumn: 13, endLine: 10, endColumn: 25, snippet: { text: '"qwen2.5:7b"' } },
          },
        },
      ],
    });
  });

  it("keeps the fingerprint when lines above the problem change", () => {
    const moved = analyze(`# a comment\n\n${policy.replace('class L1 "again" { }\n', "")}`);
    const print = (r: ReturnType<typeof analyze>) => JSON.parse(sarifOf(r)).runs[0].results[0].partialFingerprints[fingerprintKey];
    expect(print(moved)).toBe(print(unknownModel));
    expect(print(unknownModel)).toMatch(/^[0-9a-f]{16}:1$/);
  });

  it("numbers identical problems so their fingerprints differ", () => {
    const twice = analyze(policy.replace('class L1 "again" { }', 'class L2 "other" { }').replace("on error -> claude", 'on error -> claude\nroute L2 -> "qwen2.5:7b" else claude'));
    const prints = JSON.parse(sarifOf(twice)).runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints[fingerprintKey]);
    expect(prints).toHaveLength(2);
    expect(prints[0]?.split(":")[0]).toBe(prints[1]?.split(":")[0]);
    expect(new Set(prints).size).toBe(2);
  });

  it("hashes with FNV-1a 64 when given known vectors", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
  });
});

describe("renderSarif locations", () => {
  it("uses a file URI without a base for a file outside the root", () => {
    const outside = analyze(policy.replace('class L1 "again" { }\n', ""), "/elsewhere/p.route");
    const log = JSON.parse(renderSarif(outside.diagnostics, outside.sources, { toolVersion: "0.1.0", root: "/repo" }));
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "file:///elsewhere/p.route" });
  });
});
