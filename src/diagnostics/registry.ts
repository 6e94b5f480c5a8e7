import type { CodeInfo } from "./codes/code.js";
import { syntaxCodes } from "./codes/syntax.js";
import { checkCodes } from "./codes/check.js";
import { verifyCodes } from "./codes/verify.js";
import { compileCodes } from "./codes/compile.js";
import { inputCodes } from "./codes/input.js";
import { probeCodes } from "./codes/probe.js";
import { routerCodes } from "./codes/router.js";
import { testingCodes } from "./codes/testing.js";
import { cliCodes } from "./codes/cli.js";
import type { Diagnostic, RelatedLocation, Span, Suggestion } from "./diagnostic.js";
import { InternalError } from "./diagnostic.js";

export type { CodeInfo } from "./codes/code.js";

/** Every diagnostic code routec can emit, sorted by code. */
export const allCodes: readonly CodeInfo[] = [
  ...syntaxCodes,
  ...checkCodes,
  ...verifyCodes,
  ...compileCodes,
  ...inputCodes,
  ...probeCodes,
  ...routerCodes,
  ...testingCodes,
  ...cliCodes,
].sort((a, b) => (a.code < b.code ? -1 : 1));

const byCode = new Map(allCodes.map((info) => [info.code, info]));

/** Looks up a code (`R0101`) or its slug (`unexpected-token`). */
export function lookupCode(codeOrSlug: string): CodeInfo | undefined {
  return byCode.get(codeOrSlug.toUpperCase()) ?? allCodes.find((c) => c.slug === codeOrSlug);
}

/** Options of a diagnostic beyond its code, span and message. */
export interface DiagnosticExtras {
  readonly help?: string;
  readonly notes?: readonly string[];
  readonly related?: readonly RelatedLocation[];
  readonly suggestion?: Suggestion;
}

/** Builds a diagnostic for a registered code; its severity comes from the registry. */
export function diagnostic(code: string, span: Span | null, message: string, extras: DiagnosticExtras = {}): Diagnostic {
  const info = byCode.get(code);
  if (!info) throw new InternalError(`diagnostic code ${code} is not registered`);
  return { code, severity: info.severity, span, message, ...extras };
}
