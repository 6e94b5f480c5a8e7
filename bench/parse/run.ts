/**
 * Parse bench: generates a 5,000-line policy (bench/parse/generate.ts), then times lexing alone, parsing
 * (lex + CST + AST) and checking, and prints each as time per 1,000 lines and as a ratio to two baselines
 * measured in the same run: lexing alone and `JSON.parse` of a JSON document of the same size. Ratios, not
 * absolute times, are what to compare across machines. Usage: `node bench/run.mjs parse [lines] [runs]`.
 */
import { checkProgram } from "../../src/check/index.js";
import { LineMap, lex } from "../../src/syntax/lex.js";
import { loadProgram, memoryHost, parseSource } from "../../src/syntax/index.js";
import { generatePolicy } from "./generate.js";

const lines = Number(process.argv[2] ?? 5_000);
const runs = Number(process.argv[3] ?? 30);

const text = generatePolicy(lines);
const lineCount = text.split("\n").length - 1;
// A JSON document of about the same size: the policy's lines as an array of strings.
const json = JSON.stringify(text.split("\n"));

/** Median wall time of `fn` over `runs` runs, after warm-up runs. */
function median(fn: () => unknown): number {
  for (let i = 0; i < 5; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const parsed = parseSource(text, "bench.route");
if (!parsed.ok) throw new Error(`the generated policy does not parse: ${parsed.diagnostics[0]?.message}`);
const program = loadProgram("bench.route", memoryHost({ "bench.route": text }));
if (!program.ok) throw new Error("the generated policy does not load");
const checked = checkProgram(program.value);

const jsonTime = median(() => JSON.parse(json));
const lexTime = median(() => lex(new LineMap("bench.route", text)));
const parseTime = median(() => parseSource(text, "bench.route"));
const checkTime = median(() => checkProgram(program.value));

const per1k = (ms: number): string => `${((ms * 1000) / lineCount).toFixed(3)} ms`;
const row = (name: string, ms: number): string =>
  `${name.padEnd(22)} ${per1k(ms).padStart(12)} / 1k lines   ×${(ms / lexTime).toFixed(1).padStart(6)} lex   ×${(ms / jsonTime).toFixed(1).padStart(7)} JSON.parse`;

console.log(`parse bench: ${lineCount} lines, ${text.length} chars, ${parsed.value.items.length} items, median of ${runs} runs`);
console.log(row("JSON.parse (same size)", jsonTime));
console.log(row("lex", lexTime));
console.log(row("parseSource", parseTime));
console.log(row(`checkProgram${checked.ok ? "" : " (fails)"}`, checkTime));
if (!checked.ok) console.log(`  check reported: ${checked.diagnostics.slice(0, 3).map((d) => `${d.code} ${d.message}`).join("; ")}`);
