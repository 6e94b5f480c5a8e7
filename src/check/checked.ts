/**
 * The checked policy: what `src/check` produces from the AST of a root file and its includes once names,
 * units, properties and references are valid. Quantities are normalized (tokens, MiB, percent), references
 * are resolved to declared names, conditions are lowered to the table's `Cond` form, and every rule keeps its
 * id and source span. The compiler lowers it to a table; the reference interpreter (`src/reference`) evaluates
 * it directly, and the verifier reasons over it.
 */
import type { Span } from "../diagnostics/diagnostic.js";
import type { ClassInfo, Cond, ModelInfo, RemoteInfo, RuntimeInfo, TargetRule } from "../runtime/types.js";

/** A declaration with the span of its declaring item. */
export type Declared<T> = T & { readonly span: Span };

/** One glob of a deny set with its own excepts. `origin` is `policy` or the built-in set it came from. */
export interface CheckedPattern {
  readonly id: string;
  readonly source: string;
  readonly excepts: readonly string[];
  readonly origin: string;
  readonly span: Span;
}

export interface CheckedDenySet {
  readonly name: string;
  readonly description: string | null;
  readonly patterns: readonly CheckedPattern[];
  readonly span: Span;
}

export interface CheckedRule<T> {
  /** Stable id, e.g. `classify#1`, `escalate#3`, `route:L1`, `on_error`, `vram:critical`. */
  readonly id: string;
  readonly span: Span;
  readonly value: T;
}

/** Conditions of asserts: every `Cond`, plus predicates on the decision, and implication. */
export type AssertCond =
  | Cond
  | { readonly op: "and"; readonly args: readonly AssertCond[] }
  | { readonly op: "or"; readonly args: readonly AssertCond[] }
  | { readonly op: "not"; readonly arg: AssertCond }
  | { readonly op: "implies"; readonly left: AssertCond; readonly right: AssertCond }
  /** `target is local|remote`. */
  | { readonly op: "location"; readonly location: "local" | "remote" }
  /** `target == claude` (a remote name) or `target == "m"` (a model name): the decision's remote or local model. */
  | { readonly op: "target"; readonly name: string }
  /** `mode == synthesis|direct`. */
  | { readonly op: "mode"; readonly mode: "direct" | "synthesis" };

/**
 * A policy after checking. Match sets for `any file "g"` conditions are named `glob:<g>` and listed in
 * `matchGlobs`; `Cond`s refer to them by that name.
 */
export interface CheckedPolicy {
  readonly name: string;
  readonly version: number | null;
  /** The root file, then included files in include order (paths as given to the loader). */
  readonly files: readonly string[];
  readonly options: { readonly case: "insensitive" | "sensitive" | "platform"; readonly redact_denied: boolean };
  readonly runtimes: Readonly<Record<string, Declared<RuntimeInfo>>>;
  readonly models: Readonly<Record<string, Declared<ModelInfo>>>;
  readonly remotes: Readonly<Record<string, Declared<RemoteInfo>>>;
  /** Classes in declaration order (the order is used by reports, not by evaluation). */
  readonly classes: readonly Declared<ClassInfo & { readonly name: string }>[];
  readonly denySets: readonly CheckedDenySet[];
  /** Glob sources used in `any/all/no file` conditions, sorted; each is the match set `glob:<source>`. */
  readonly matchGlobs: readonly string[];
  readonly vram: {
    readonly levels: readonly CheckedRule<{ readonly name: string; readonly when: Cond }>[];
    readonly unknown: string;
    readonly low_vram_mode: string | null;
  };
  readonly classify: readonly CheckedRule<{ readonly when: Cond; readonly class: string }>[];
  readonly escalate: readonly CheckedRule<{ readonly when: Cond; readonly target: TargetRule; readonly reason: string }>[];
  readonly routes: Readonly<Record<string, CheckedRule<{ readonly target: TargetRule }>>>;
  readonly onError: CheckedRule<{ readonly target: TargetRule }>;
  readonly asserts: readonly CheckedRule<{ readonly name: string; readonly cond: AssertCond }>[];
}
