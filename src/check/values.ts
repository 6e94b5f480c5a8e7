/**
 * Quantities and property values: unit checks and normalization to the stored forms of docs/semantics.md
 * (tokens, integer MiB, percent, counts). Each reader reports its own diagnostic and returns undefined on error.
 */
import type { Num, Unit, Value } from "../syntax/ast.js";
import type { CheckContext } from "./context.js";
import { report, sourceText } from "./context.js";
import { closest } from "./suggest.js";

const tokenScale: Partial<Record<Unit, number>> = { k: 1024, M: 1024 * 1024 };
const mibScale: Partial<Record<Unit, number>> = {
  KiB: 1 / 1024,
  MiB: 1,
  GiB: 1024,
  TiB: 1024 * 1024,
  KB: 1000 / (1024 * 1024),
  MB: 1000 ** 2 / 1024 ** 2,
  GB: 1000 ** 3 / 1024 ** 2,
  TB: 1000 ** 4 / 1024 ** 2,
};

/** The kinds of quantity a value can be checked as. */
export type QuantityKind = "tokens" | "memory" | "percent" | "count" | "number";

const kindNames: Record<QuantityKind, string> = {
  tokens: "a token count (`32k`, `128k`, `8192`)",
  memory: "a memory size (`5.4GiB`, `512MiB`)",
  percent: "a percentage (`10%`)",
  count: "a whole number without a unit",
  number: "a number without a unit",
};

/** Describes what a value kind expects, for help lines. */
export function expected(kind: QuantityKind): string {
  return kindNames[kind];
}

function unitError(ctx: CheckContext, what: string, num: Num, kind: QuantityKind): undefined {
  report(ctx, "R0213", num.span, `\`${num.raw}\` has the wrong unit for ${what}`, { help: `${what} is ${kindNames[kind]}` });
  return undefined;
}

/** Reads a quantity of `kind`; `what` names the property or feature for messages (`\`context\``). */
export function readQuantity(ctx: CheckContext, num: Num, kind: QuantityKind, what: string): number | undefined {
  switch (kind) {
    case "tokens": {
      if (num.unit !== null && tokenScale[num.unit] === undefined) return unitError(ctx, what, num, kind);
      const tokens = num.value * (num.unit === null ? 1 : (tokenScale[num.unit] ?? 1));
      return wholeNonNegative(ctx, num, tokens, what, kind);
    }
    case "memory": {
      if (num.unit === null) {
        report(ctx, "R0214", num.span, `\`${num.raw}\` needs a unit for ${what}`, { help: `write \`${num.raw}GiB\` or \`${num.raw}MiB\`` });
        return undefined;
      }
      const scale = mibScale[num.unit];
      if (scale === undefined) return unitError(ctx, what, num, kind);
      return Math.round(num.value * scale);
    }
    case "percent": {
      if (num.unit === null) {
        report(ctx, "R0214", num.span, `\`${num.raw}\` needs a unit for ${what}`, { help: `write \`${num.raw}%\`` });
        return undefined;
      }
      if (num.unit !== "%") return unitError(ctx, what, num, kind);
      if (num.value < 0 || num.value > 100) {
        report(ctx, "R0215", num.span, `\`${num.raw}\` is not between 0% and 100%`);
        return undefined;
      }
      return num.value;
    }
    case "count":
      if (num.unit !== null) return unitError(ctx, what, num, kind);
      return wholeNonNegative(ctx, num, num.value, what, kind);
    case "number":
      if (num.unit !== null) return unitError(ctx, what, num, kind);
      if (num.value < 0) {
        report(ctx, "R0216", num.span, `\`${num.raw}\` is negative: ${what} cannot be`);
        return undefined;
      }
      return num.value;
  }
}

function wholeNonNegative(ctx: CheckContext, num: Num, value: number, what: string, kind: QuantityKind): number | undefined {
  if (!Number.isInteger(value) || value < 0) {
    report(ctx, "R0216", num.span, `\`${num.raw}\` is not a whole number`, { help: `${what} is ${kindNames[kind]}` });
    return undefined;
  }
  return value;
}

/** Names a value's kind for "found …" messages. */
function describe(ctx: CheckContext, value: Value): string {
  return `\`${sourceText(ctx, value.span)}\``;
}

/** Reads a string value. */
export function readString(ctx: CheckContext, value: Value, what: string): string | undefined {
  if (value.kind === "Str") return value.value;
  report(ctx, "R0212", value.span, `invalid value ${describe(ctx, value)} for ${what}`, { help: `${what} is a string in double quotes` });
  return undefined;
}

/** Reads `yes`/`no`/`true`/`false`. */
export function readBool(ctx: CheckContext, value: Value, what: string): boolean | undefined {
  if (value.kind === "Bool") return value.value;
  report(ctx, "R0212", value.span, `invalid value ${describe(ctx, value)} for ${what}`, { help: "expected `yes` or `no`" });
  return undefined;
}

/** Reads one of a few bare words, suggesting the closest. */
export function readChoice<const W extends string>(ctx: CheckContext, value: Value, what: string, words: readonly W[]): W | undefined {
  const word = value.kind === "Ident" ? value.name : value.kind === "Str" ? value.value : undefined;
  const match = words.find((w) => w === word);
  if (match !== undefined) return match;
  const near = word === undefined ? undefined : closest(word, words);
  const choices = words.map((w) => `\`${w}\``).join(words.length === 2 ? " or " : ", ");
  report(ctx, "R0212", value.span, `invalid value ${describe(ctx, value)} for ${what}`, {
    help: near === undefined ? `expected ${choices}` : `did you mean \`${near}\`? expected ${choices}`,
    ...(near === undefined ? {} : { suggestion: { message: `replace with \`${near}\``, replacement: near, span: value.span } }),
  });
  return undefined;
}

/** Reads a number of `kind`, reporting a non-number as a value of the wrong kind. */
export function readNumber(ctx: CheckContext, value: Value, kind: QuantityKind, what: string): number | undefined {
  if (value.kind === "Num") return readQuantity(ctx, value, kind, what);
  report(ctx, "R0212", value.span, `invalid value ${describe(ctx, value)} for ${what}`, { help: `${what} is ${kindNames[kind]}` });
  return undefined;
}
