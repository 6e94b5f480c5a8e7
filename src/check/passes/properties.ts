/**
 * Pass `properties`: reads the properties of runtimes, models, remotes, classes and `paths`, normalizing
 * quantities, and resolves each model's runtime. Needs `declarations`.
 */
import type { ModelDecl, Value } from "../../syntax/ast.js";
import type { CheckContext } from "../context.js";
import { didYouMean, report } from "../context.js";
import { hasUnknownKey, readProperties } from "../properties.js";
import { closest } from "../suggest.js";
import { readBool, readChoice, readNumber, readString } from "../values.js";

const runtimeSchema = {
  endpoint: (ctx: CheckContext, v: Value, what: string) => readString(ctx, v, what),
  enabled: (ctx: CheckContext, v: Value, what: string) => readBool(ctx, v, what),
};

const modelSchema = {
  context: (ctx: CheckContext, v: Value, what: string) => readNumber(ctx, v, "tokens", what),
  tools: (ctx: CheckContext, v: Value, what: string) => readBool(ctx, v, what),
  vram: (ctx: CheckContext, v: Value, what: string) => readNumber(ctx, v, "memory", what),
  cost: (ctx: CheckContext, v: Value, what: string) => readNumber(ctx, v, "number", what),
};

const remoteSchema = {
  model: (ctx: CheckContext, v: Value, what: string) => readString(ctx, v, what),
};

const classSchema = {
  max_context: (ctx: CheckContext, v: Value, what: string) => readNumber(ctx, v, "tokens", what),
  tools: (ctx: CheckContext, v: Value, what: string) => readChoice(ctx, v, what, ["required", "optional"]),
  local: (ctx: CheckContext, v: Value, what: string) => readChoice(ctx, v, what, ["never", "allowed"]),
};

const pathsSchema = {
  case: (ctx: CheckContext, v: Value, what: string) => readChoice(ctx, v, what, ["insensitive", "sensitive", "platform"]),
  redact: (ctx: CheckContext, v: Value, what: string) => readBool(ctx, v, what),
};

function missing(ctx: CheckContext, model: ModelDecl, key: string, help: string): void {
  report(ctx, "R0235", model.name.span, `model \`${model.name.value}\` has no \`${key}\``, { help });
}

function checkModel(ctx: CheckContext, model: ModelDecl): void {
  const props = readProperties(ctx, "model", model.properties, modelSchema);
  const runtime = model.runtime.name;
  if (!ctx.symbols.runtimes.has(runtime)) {
    const near = closest(runtime, ctx.symbols.runtimes.keys());
    report(ctx, "R0202", model.runtime.span, `unknown runtime \`${runtime}\``, {
      ...didYouMean(near, model.runtime.span),
      ...(near === undefined ? { notes: [`declare it: \`runtime ${runtime} { endpoint "…" }\``] } : {}),
    });
  }
  // A value that failed to read, or a misspelled key, was already reported: one root cause, one error.
  const written = (key: string): boolean => hasUnknownKey(model.properties, modelSchema) || model.properties.some((p) => p.key.name === key);
  if (props.context === undefined && !written("context")) missing(ctx, model, "context", "add the context window in tokens, e.g. `context 32k`");
  if (props.vram === undefined && !written("vram")) missing(ctx, model, "vram", "add the VRAM footprint, e.g. `vram 5.4GiB`");
  if (props.context === undefined || props.vram === undefined) return;
  ctx.built.models.set(model.name.value, {
    runtime,
    context: props.context,
    tools: props.tools ?? false,
    vram_mib: props.vram,
    cost: props.cost ?? 0,
    span: model.span,
  });
}

/** Reads the properties of every declaration. */
export function runProperties(ctx: CheckContext): void {
  const { symbols, built } = ctx;
  for (const [name, decl] of symbols.runtimes) {
    const props = readProperties(ctx, "runtime", decl.properties, runtimeSchema);
    built.runtimes.set(name, { endpoint: props.endpoint ?? null, enabled: props.enabled ?? true, span: decl.span });
  }
  for (const decl of symbols.models.values()) checkModel(ctx, decl);
  for (const [name, decl] of symbols.remotes) {
    const props = readProperties(ctx, "remote", decl.properties, remoteSchema);
    if (props.model !== undefined) built.remotes.set(name, { model: props.model, span: decl.span });
    else if (!hasUnknownKey(decl.properties, remoteSchema) && !decl.properties.some((p) => p.key.name === "model")) {
      report(ctx, "R0235", decl.name.span, `remote \`${name}\` has no \`model\``, { help: 'add the model it serves, e.g. `model "claude-sonnet-4-5"`' });
    }
  }
  for (const [name, decl] of symbols.classes) {
    const props = readProperties(ctx, "class", decl.properties, classSchema);
    built.classes.set(name, {
      name,
      description: decl.description?.value ?? null,
      max_context: props.max_context ?? null,
      tools_required: props.tools === "required",
      local_allowed: props.local !== "never",
      span: decl.span,
    });
  }
  if (symbols.paths !== null) {
    const props = readProperties(ctx, "paths", symbols.paths.properties, pathsSchema);
    built.options = { case: props.case ?? "insensitive", redact_denied: props.redact ?? true };
  }
}
