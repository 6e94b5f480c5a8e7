import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import { formatSource } from "../../src/format/index.js";
import { memoryHost, parseSource } from "../../src/syntax/index.js";

const root = new URL("../../", import.meta.url).pathname;
// docs/diagnostics.md shows policies with errors on purpose; its examples are pinned by the err fixtures instead.
const documents = ["README.md", ...readdirSync(`${root}docs`).filter((f) => f.endsWith(".md") && f !== "diagnostics.md").map((f) => `docs/${f}`)].sort();

interface Block {
  readonly file: string;
  readonly line: number;
  readonly info: string;
  readonly text: string;
}

function blocks(file: string): Block[] {
  const lines = readFileSync(`${root}${file}`, "utf8").split("\n");
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S.*)$/.exec(lines[i] ?? "");
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i] ?? "");
    out.push({ file, line: start + 1, info: open[1] ?? "", text: `${body.join("\n")}\n` });
  }
  return out;
}

const all = documents.flatMap(blocks);
const routeBlocks = all.filter((b) => b.info === "route");
const shellTests = all.filter((b) => b.info === "sh test");

/** Splits `echo '<json>' | routec a b` into stdin and arguments; only single-quoted words are supported. */
function command(line: string): { stdin: string; args: string[] } {
  const piped = /^echo '([^']*)' \| (.*)$/.exec(line);
  const rest = piped ? piped[2] ?? "" : line;
  const words = rest.match(/'[^']*'|\S+/g)?.map((w) => w.replace(/^'(.*)'$/, "$1")) ?? [];
  const start = words[0] === "npx" ? 2 : 1;
  return { stdin: piped ? piped[1] ?? "" : "", args: words.slice(start) };
}

describe("documentation examples", () => {
  it("finds route examples in the docs", () => {
    expect(routeBlocks.length).toBeGreaterThan(10);
  });

  it.each(routeBlocks.map((b) => [`${b.file}:${b.line}`, b] as const))("%s is a valid policy or parses as declarations", (_where, block) => {
    // A block that includes other files cannot be checked alone; it is parsed like a fragment.
    const isPolicy = /^\s*(#[^\n]*\n\s*)*policy\s/.test(block.text) && !/^\s*include\s/m.test(block.text);
    if (isPolicy) {
      const analysis = analyzePolicy("example.route", memoryHost({ "example.route": block.text }));
      expect(analysis.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(hasErrors(analysis.diagnostics)).toBe(false);
    } else {
      const text = block.text.startsWith("policy") ? block.text : `policy "fragment"\n${block.text}`;
      const parsed = parseSource(text, "fragment.route");
      expect(parsed.diagnostics).toEqual([]);
    }
  });

  it.each(routeBlocks.map((b) => [`${b.file}:${b.line}`, b] as const))("%s is in the canonical layout of routec fmt", (_where, block) => {
    const header = 'policy "fragment"\n\n';
    const isPolicy = /^\s*(#[^\n]*\n\s*)*policy\s/.test(block.text);
    const text = isPolicy ? block.text : header + block.text;
    const formatted = formatSource(text, "example.route");
    expect(formatted.ok && formatted.value).toBe(text);
  });

  it.each(shellTests.flatMap((b) => b.text.split("\n").filter((l) => /^(npx )?routec /.test(l) || /^echo '.*' \| (npx )?routec /.test(l)).map((l) => [`${b.file}:${b.line}: ${l.slice(0, 80)}`, l] as const)))("%s exits 0", async (_where, line) => {
    const { stdin, args } = command(line);
    const io = memoryIO({ cwd: root, stdin });
    await run(args, io, "0.0.0");
    expect({ line, exit: io.exitCode(), err: io.exitCode() === 0 ? "" : io.err() }).toEqual({ line, exit: 0, err: "" });
  });
});
