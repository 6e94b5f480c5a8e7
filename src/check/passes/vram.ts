/**
 * Pass `vram`: checks the levels (telemetry conditions only) and the `unknown as` / `low_vram_mode as` settings.
 * A policy without a `vram` block has no levels, and unknown telemetry is `ok`.
 */
import type { CheckContext } from "../context.js";
import { didYouMean, headSpan, report } from "../context.js";
import { lowerCond, reportUnknownLevel } from "../conditions.js";
import { closest } from "../suggest.js";

const settings = ["unknown", "low_vram_mode"] as const;

/** Checks the `vram` block into `ctx.built.vram`. */
export function runVram(ctx: CheckContext): void {
  const block = ctx.symbols.vram;
  if (block === null) return;
  const { vramLevels, vramAliases } = ctx.symbols;
  const levels = [];
  for (const [name, level] of vramLevels) {
    const when = lowerCond(ctx, level.condition, "vram");
    if (when !== undefined) levels.push({ id: `vram:${name}`, span: level.span, value: { name, when } });
  }
  const chosen: Record<string, string | null> = { unknown: null, low_vram_mode: null };
  let misspelled = false;
  for (const [which, alias] of vramAliases) {
    if (!settings.some((s) => s === which)) {
      misspelled = true;
      report(ctx, "R0209", alias.which.span, `unknown property \`${which}\` in \`vram\``, {
        ...didYouMean(closest(which, settings), alias.which.span),
        notes: ["`vram` accepts levels (`NAME when …`), `unknown as LEVEL` and `low_vram_mode as LEVEL`"],
      });
      continue;
    }
    const level = alias.level.name;
    if (level !== "ok" && !vramLevels.has(level)) reportUnknownLevel(ctx, alias.level);
    else chosen[which] = level;
  }
  if (!vramAliases.has("unknown") && !misspelled) {
    const most = [...vramLevels.keys()][0];
    report(ctx, "R0228", headSpan(block.span, "vram".length), "the `vram` block does not say which level applies without telemetry", {
      help: `add \`unknown as ${most ?? "ok"}\` (pessimistic: the most severe level) or \`unknown as ok\` (optimistic)`,
    });
  }
  ctx.built.vram = { levels, unknown: chosen.unknown ?? "ok", low_vram_mode: chosen.low_vram_mode ?? null };
}
