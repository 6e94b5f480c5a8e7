/**
 * Pass `assemble`: builds the `CheckedPolicy` from what the earlier passes produced. Runs only when they left no
 * errors, so every declaration has its checked form.
 */
import { InternalError } from "../../diagnostics/diagnostic.js";
import type { CheckedPolicy } from "../checked.js";
import type { CheckContext } from "../context.js";

/** The checked policy; only valid after the other passes succeeded. */
export function assemble(ctx: CheckContext): CheckedPolicy {
  const { built, input } = ctx;
  const header = input.header;
  if (header === null || built.onError === null) throw new InternalError("assembling a policy that failed its checks");
  return {
    name: header.name.value,
    version: header.version?.value ?? null,
    files: input.files,
    options: built.options,
    runtimes: Object.fromEntries(built.runtimes),
    models: Object.fromEntries(built.models),
    remotes: Object.fromEntries(built.remotes),
    classes: [...built.classes.values()],
    denySets: built.denySets,
    matchGlobs: [...built.matchGlobs].sort(),
    vram: built.vram,
    classify: built.classify,
    escalate: built.escalate,
    routes: Object.fromEntries(built.routes),
    onError: built.onError,
    asserts: built.asserts,
  };
}
