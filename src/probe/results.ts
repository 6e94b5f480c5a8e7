/** Reading `routec.probe/1` files back: parse, validate, and report problems as R0640 diagnostics. */
import type { Result } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import type { ProbeResults } from "./schema.js";
import { probeResultsSchema } from "./schema.js";

/** Parses and validates the text of a results file; `file` names it in messages. */
export function parseProbeResults(text: string, file: string): Result<ProbeResults> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, diagnostics: [diagnostic("R0640", null, `\`${file}\` is not JSON: ${reason}`)] };
  }
  const parsed = probeResultsSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at \`${issue.path.join(".")}\`` : "";
    return { ok: false, diagnostics: [diagnostic("R0640", null, `\`${file}\` is not \`routec.probe/1\`${where}: ${issue?.message ?? "invalid"}`)] };
  }
  return { ok: true, value: parsed.data, diagnostics: [] };
}
