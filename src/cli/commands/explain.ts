/**
 * `routec explain CODE` prints a diagnostic code's long explanation (by code, `R0203`, or slug,
 * `unknown-model`); `routec explain --list` lists every code. Exit codes: 0 ok, 2 unknown code or no argument.
 */
import { Command } from "commander";
import { z } from "zod";
import { editDistance } from "../../check/suggest.js";
import type { CodeInfo } from "../../diagnostics/registry.js";
import { allCodes, diagnostic, lookupCode } from "../../diagnostics/registry.js";
import { renderText } from "../../diagnostics/render/index.js";
import type { CliIO } from "../io.js";

const optionsSchema = z.object({ list: z.boolean().default(false) });

/** The edit distance when it can be within two; lengths further apart than that are not compared (a 64 KB argument). */
function near(a: string, b: string): number {
  return Math.abs(a.length - b.length) > 2 ? Number.POSITIVE_INFINITY : editDistance(a, b);
}

/** Codes whose code or slug is within two edits of what was asked (or that it is a prefix of), nearest first. */
export function nearestCodes(asked: string, codes: readonly CodeInfo[] = allCodes, limit = 3): CodeInfo[] {
  const wanted = asked.toLowerCase();
  const scored = codes.map((info) => {
    const byCode = near(wanted, info.code.toLowerCase());
    const bySlug = near(wanted, info.slug);
    const prefix = wanted.length >= 3 && info.slug.startsWith(wanted) ? 2 : Number.POSITIVE_INFINITY;
    return { info, score: Math.min(byCode, bySlug, prefix) };
  });
  return scored
    .filter((s) => s.score <= 2)
    .sort((a, b) => a.score - b.score || (a.info.code < b.info.code ? -1 : 1))
    .slice(0, limit)
    .map((s) => s.info);
}

function explanation(info: CodeInfo): string {
  return `${info.code} ${info.slug} (${info.severity})\n${info.summary}\n\n${info.explanation.trim()}\n`;
}

function listing(): string {
  const slugWidth = Math.max(...allCodes.map((c) => c.slug.length));
  return allCodes.map((c) => `${c.code}  ${c.slug.padEnd(slugWidth)}  ${c.severity.padEnd(7)}  ${c.summary}\n`).join("");
}

/** The `explain` command. */
export function explainCommand(io: CliIO): Command {
  return new Command("explain")
    .description(
      "Explain a diagnostic code (R0203) or slug (unknown-model), or list all codes with --list.\n\n" +
        "Prints what the diagnostic means, an example that triggers it and how to fix it, as `rustc --explain` does. " +
        "An unknown code gets the nearest known ones as suggestions.\n\n" +
        "Examples:\n" +
        "  routec explain R0203\n" +
        "  routec explain unknown-model\n" +
        "  routec explain --list\n\n" +
        "Exit codes: 0 explained or listed, 2 unknown code or no code given.",
    )
    .argument("[code]", "a diagnostic code or its slug")
    .option("--list", "list every diagnostic code")
    .action((code: string | undefined, raw: unknown) => {
      const options = optionsSchema.parse(raw);
      if (options.list) {
        io.stdout(listing());
        return;
      }
      if (code === undefined) {
        io.stderr("routec explain: give a diagnostic code (e.g. `routec explain R0203`) or `--list`\n");
        io.setExitCode(2);
        return;
      }
      const info = lookupCode(code);
      if (info !== undefined) {
        io.stdout(explanation(info));
        return;
      }
      const near = nearestCodes(code);
      const help = near.length === 0 ? "list the codes with `routec explain --list`" : `did you mean ${near.map((c) => `\`${c.code}\` (${c.slug})`).join(", ")}?`;
      io.stderr(renderText([diagnostic("R0907", null, `unknown diagnostic code \`${code.length > 40 ? `${code.slice(0, 40)}…` : code}\``, { help })], {}, { summary: false }));
      io.setExitCode(2);
    });
}
