/**
 * The state the check passes share. Passes read the policy's items and add to `symbols`, `built` and
 * `diagnostics`; the `assemble` pass turns `built` into the `CheckedPolicy`.
 */
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import type { DiagnosticExtras } from "../diagnostics/registry.js";
import { diagnostic } from "../diagnostics/registry.js";
import type {
  AssertDecl,
  ClassDecl,
  ClassifyRule,
  DenyDecl,
  EscalateTrigger,
  Item,
  ModelDecl,
  OnErrorDecl,
  PathsDecl,
  PolicyHeader,
  RemoteDecl,
  RouteDecl,
  RuntimeDecl,
  VramAlias,
  VramBlock,
  VramLevel,
} from "../syntax/ast.js";
import type { ClassInfo, ModelInfo, RemoteInfo, RuntimeInfo, TargetRule, Cond } from "../runtime/types.js";
import type { AssertCond, CheckedDenySet, CheckedRule, Declared } from "./checked.js";

/** A policy's items with includes spliced in at the point of each `include`, and the text of every file. */
export interface PolicyInput {
  readonly header: PolicyHeader | null;
  /** The root file's span, where problems of the policy as a whole (a missing `on error`) are reported. */
  readonly rootSpan: Span;
  readonly items: readonly Item[];
  /** The root file, then included files in include order. */
  readonly files: readonly string[];
  readonly sources: Readonly<Record<string, string>>;
}

/** Declarations by name, first declaration wins (later ones are reported as duplicates). */
export interface Symbols {
  readonly runtimes: Map<string, RuntimeDecl>;
  readonly models: Map<string, ModelDecl>;
  readonly remotes: Map<string, RemoteDecl>;
  readonly classes: Map<string, ClassDecl>;
  readonly denySets: Map<string, DenyDecl>;
  readonly vramLevels: Map<string, VramLevel>;
  readonly vramAliases: Map<string, VramAlias>;
  readonly asserts: AssertDecl[];
  readonly routes: Map<string, RouteDecl>;
  readonly classify: ClassifyRule[];
  readonly escalate: EscalateTrigger[];
  vram: VramBlock | null;
  paths: PathsDecl | null;
  onError: OnErrorDecl | null;
}

type ClassOut = Declared<ClassInfo & { readonly name: string }>;

/** What the passes have produced so far. */
export interface Built {
  readonly runtimes: Map<string, Declared<RuntimeInfo>>;
  readonly models: Map<string, Declared<ModelInfo>>;
  readonly remotes: Map<string, Declared<RemoteInfo>>;
  readonly classes: Map<string, ClassOut>;
  options: { readonly case: "insensitive" | "sensitive" | "platform"; readonly redact_denied: boolean };
  readonly denySets: CheckedDenySet[];
  readonly matchGlobs: Set<string>;
  vram: {
    readonly levels: readonly CheckedRule<{ readonly name: string; readonly when: Cond }>[];
    readonly unknown: string;
    readonly low_vram_mode: string | null;
  };
  readonly classify: CheckedRule<{ readonly when: Cond; readonly class: string }>[];
  readonly escalate: CheckedRule<{ readonly when: Cond; readonly target: TargetRule; readonly reason: string }>[];
  readonly routes: Map<string, CheckedRule<{ readonly target: TargetRule }>>;
  onError: CheckedRule<{ readonly target: TargetRule }> | null;
  readonly asserts: CheckedRule<{ readonly name: string; readonly cond: AssertCond }>[];
}

export interface CheckContext {
  readonly input: PolicyInput;
  readonly diagnostics: Diagnostic[];
  readonly symbols: Symbols;
  readonly built: Built;
}

/** A fresh context with empty symbol tables and the defaults of docs/semantics.md. */
export function createContext(input: PolicyInput): CheckContext {
  return {
    input,
    diagnostics: [],
    symbols: {
      runtimes: new Map(),
      models: new Map(),
      remotes: new Map(),
      classes: new Map(),
      denySets: new Map(),
      vramLevels: new Map(),
      vramAliases: new Map(),
      asserts: [],
      routes: new Map(),
      classify: [],
      escalate: [],
      vram: null,
      paths: null,
      onError: null,
    },
    built: {
      runtimes: new Map(),
      models: new Map(),
      remotes: new Map(),
      classes: new Map(),
      options: { case: "insensitive", redact_denied: true },
      denySets: [],
      matchGlobs: new Set(),
      vram: { levels: [], unknown: "ok", low_vram_mode: null },
      classify: [],
      escalate: [],
      routes: new Map(),
      onError: null,
      asserts: [],
    },
  };
}

/** Records a diagnostic for a registered check code. */
export function report(ctx: CheckContext, code: string, span: Span | null, message: string, extras: DiagnosticExtras = {}): void {
  ctx.diagnostics.push(diagnostic(code, span, message, extras));
}

/** The source text under a span, as the user wrote it. */
export function sourceText(ctx: CheckContext, span: Span): string {
  return ctx.input.sources[span.file]?.slice(span.start.offset, span.end.offset) ?? "";
}

/** The first `length` characters of a span on its first line, e.g. the keyword that opens a block. */
export function headSpan(span: Span, length: number): Span {
  return {
    file: span.file,
    start: span.start,
    end: { offset: span.start.offset + length, line: span.start.line, column: span.start.column + length },
  };
}

/** Extras for "did you mean": a help line and a machine-applicable replacement of the misspelled name. */
export function didYouMean(suggestion: string | undefined, span: Span, quote = ""): DiagnosticExtras {
  if (suggestion === undefined) return {};
  const replacement = `${quote}${suggestion}${quote}`;
  return {
    help: `did you mean \`${suggestion}\``,
    suggestion: { message: `replace with \`${replacement}\``, replacement, span },
  };
}
