/**
 * The wire formats the runtime reads and writes: the decision table (`routec.table/1`), the routing input
 * (`routec.input/1`) and the decision (`routec.decision/1`). They live in the runtime because the runtime
 * must stand alone (no imports from the rest of `src/`); the compiler imports these types from here, and
 * the zod schemas in `src/schema` are tested to agree with them.
 */

// ---------------------------------------------------------------------------------------------------------
// Table

/** Numeric features of the routing input that conditions compare. Quantities are normalized: tokens, MiB, percent. */
export type NumericFeature =
  | "context"
  | "files"
  | "tool_failures"
  | "runtime_errors"
  | "free_pct"
  | "free_mib"
  | "largest_free_mib"
  | "fragmentation_pct"
  | "total_mib";

/** Enumerated (string-valued) features. `hint` is the task's self-declared class; `class` exists after classification. */
export type EnumFeature = "kind" | "hint" | "class";

/** Boolean features. */
export type FlagFeature = "schema_mismatch" | "low_vram_mode";

/** A condition, lowered. `==`/`!=` on enumerated features become `in` / `not in`. */
export type Cond =
  | { readonly op: "true" }
  | { readonly op: "false" }
  | { readonly op: "and"; readonly args: readonly Cond[] }
  | { readonly op: "or"; readonly args: readonly Cond[] }
  | { readonly op: "not"; readonly arg: Cond }
  | { readonly op: "cmp"; readonly feature: NumericFeature; readonly cmp: "<" | "<=" | ">" | ">=" | "==" | "!="; readonly value: number }
  | { readonly op: "in"; readonly feature: EnumFeature; readonly values: readonly string[] }
  | { readonly op: "label"; readonly values: readonly string[] }
  /** Some file (`any`) / every file (`all`, vacuously true) matches the match-set `set`. */
  | { readonly op: "files"; readonly quantifier: "any" | "all"; readonly set: string }
  /** Some file is denied by deny set `set`, or by any deny set when `set` is null. */
  | { readonly op: "denied"; readonly set: string | null }
  /** The VRAM pressure level is `level` or more severe. */
  | { readonly op: "vram"; readonly level: string }
  | { readonly op: "flag"; readonly feature: FlagFeature };

/** Where a rule sends a task. */
export type TargetRule =
  | { readonly kind: "remote"; readonly remote: string }
  /** Local candidates in order; the first that can serve wins, else `fallback`. */
  | { readonly kind: "local"; readonly candidates: readonly string[]; readonly fallback: TargetRule | null }
  /** The first servable draft model drafts locally, `review` reviews and merges; else `fallback`. */
  | { readonly kind: "synthesis"; readonly draft: readonly string[]; readonly review: string; readonly fallback: TargetRule | null };

/**
 * Lookup structures compiled from globs. Keys are normalized (NFC, and lowercased when the matcher is folded).
 * Each value lists the indices of the patterns (or excepts) that the key stands for. The runtime needs no glob library:
 * - `exact`: the whole path view equals the key;
 * - `prefix`: the path view equals the key or starts with key + "/";
 * - `basename`: the last segment equals the key;
 * - `suffix`: the last segment ends with the key (keys start with "."; `*.pem` → ".pem");
 * - `basename_prefix`: the last segment starts with the key (`id_rsa*` → "id_rsa");
 * - `segment`: some segment of the path view equals the key (`**​/.ssh/**` → ".ssh");
 * - `regex`: the residue, as regular-expression sources in a subset that means the same in JavaScript and Python `re`,
 *   tested against the whole path view.
 */
export interface GlobIndex {
  readonly exact: Readonly<Record<string, readonly number[]>>;
  readonly prefix: Readonly<Record<string, readonly number[]>>;
  readonly basename: Readonly<Record<string, readonly number[]>>;
  readonly suffix: Readonly<Record<string, readonly number[]>>;
  readonly basename_prefix: Readonly<Record<string, readonly number[]>>;
  readonly segment: Readonly<Record<string, readonly number[]>>;
  readonly regex: readonly { readonly source: string; readonly ids: readonly number[] }[];
}

/** The compiled include and except lookups of a glob set, in one case mode. */
export interface GlobMatchers {
  readonly include: GlobIndex;
  readonly except: GlobIndex;
}

/** One pattern of a glob set, as written, with the indices (into `excepts`) of its own excepts. */
export interface GlobPatternInfo {
  readonly source: string;
  /** `policy` or the built-in set it came from, e.g. `std.secrets`. */
  readonly origin: string;
  readonly rule: string;
  readonly excepts: readonly number[];
}

/**
 * A named glob set: a `deny` set, or a `match` set made from a classification glob (`any file "docs/**"`).
 * A path matches the set when some pattern's include matches and none of that pattern's excepts does.
 * `folded` is used when matching case-insensitively, `exact` when case-sensitively; a table carries the ones its
 * `paths.case` option needs.
 */
export interface GlobSet {
  readonly name: string;
  readonly kind: "deny" | "match";
  readonly description: string | null;
  readonly patterns: readonly GlobPatternInfo[];
  readonly excepts: readonly string[];
  readonly folded: GlobMatchers | null;
  readonly exact: GlobMatchers | null;
}

export interface ModelInfo {
  readonly runtime: string;
  /** Context window in tokens. */
  readonly context: number;
  readonly tools: boolean;
  /** VRAM footprint in MiB. */
  readonly vram_mib: number;
  /** Relative cost, 0 for local. */
  readonly cost: number;
}

export interface RuntimeInfo {
  readonly endpoint: string | null;
  readonly enabled: boolean;
}

export interface RemoteInfo {
  readonly model: string;
}

export interface ClassInfo {
  readonly description: string | null;
  /** Local candidates are skipped when the context exceeds this (and the model's own context). Null: no class limit. */
  readonly max_context: number | null;
  readonly tools_required: boolean;
  /** `local never`: no local candidate may serve this class. */
  readonly local_allowed: boolean;
}

export interface Rule<T> {
  readonly id: string;
  readonly when: Cond;
  readonly then: T;
}

export interface EscalateRule {
  readonly id: string;
  readonly when: Cond;
  readonly target: TargetRule;
  readonly reason: string;
}

export interface RouteRule {
  readonly id: string;
  readonly target: TargetRule;
}

/** VRAM pressure levels, most severe first; a snapshot takes the first level whose condition holds, else `ok`. */
export interface VramPolicy {
  readonly levels: readonly { readonly id: string; readonly name: string; readonly when: Cond }[];
  /** The level used when telemetry is unknown (`vram: null`, no GPUs). */
  readonly unknown: string;
  /** The least severe level applied when the input says low-VRAM mode is on; null when the policy says nothing. */
  readonly low_vram_mode: string | null;
}

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface VerificationCheck {
  readonly name: string;
  readonly status: "proved" | "refuted" | "warning";
  readonly detail: string | null;
}

export interface VerificationSummary {
  readonly cells: number;
  readonly checks: readonly VerificationCheck[];
}

/** A compiled, verified policy: `routec.table/1`. */
export interface Table {
  readonly schema: "routec.table/1";
  /** sha256 (hex) of the canonical JSON of this table without the `sha256` key. */
  readonly sha256: string;
  readonly policy: { readonly name: string; readonly version: number | null; readonly source_sha256: string };
  readonly options: {
    /** How paths are matched: always folded, never, or folded unless the input's platform is `linux`. */
    readonly case: "insensitive" | "sensitive" | "platform";
    readonly unicode: "NFC";
    /** Replace denied paths in decisions with `[REDACTED:path]`. */
    readonly redact_denied: boolean;
  };
  readonly runtimes: Readonly<Record<string, RuntimeInfo>>;
  readonly models: Readonly<Record<string, ModelInfo>>;
  readonly remotes: Readonly<Record<string, RemoteInfo>>;
  readonly classes: Readonly<Record<string, ClassInfo>>;
  readonly globsets: Readonly<Record<string, GlobSet>>;
  readonly vram: VramPolicy;
  readonly classify: readonly Rule<string>[];
  readonly escalate: readonly EscalateRule[];
  readonly routes: Readonly<Record<string, RouteRule>>;
  readonly on_error: RouteRule;
  readonly source_map: Readonly<Record<string, SourceLocation>>;
  readonly verification: VerificationSummary;
}

// ---------------------------------------------------------------------------------------------------------
// Input

export interface GpuSnapshot {
  readonly index: number;
  readonly total_mib: number;
  readonly free_mib: number;
}

/** GPU telemetry; `null` in the input means unknown. */
export interface VramSnapshot {
  readonly gpus: readonly GpuSnapshot[];
  readonly low_vram_mode?: boolean;
}

/** A file the task touches: the path as the agent wrote it, and optionally the real path the embedder resolved. */
export type FileRef = string | { readonly path: string; readonly real?: string };

/** `routec.input/1`: what a router knows about a task when it must decide. */
export interface Input {
  readonly schema?: "routec.input/1";
  readonly task: { readonly id?: string; readonly kind: string; readonly labels: readonly string[]; readonly class?: string };
  readonly files: readonly FileRef[];
  readonly cwd?: string;
  readonly home?: string;
  readonly platform?: "linux" | "darwin" | "win32";
  readonly context_tokens: number;
  readonly tool_failures: number;
  readonly schema_mismatch: boolean;
  readonly runtime_errors?: number;
  readonly vram: VramSnapshot | null;
}

// ---------------------------------------------------------------------------------------------------------
// Decision

export type ReasonCode = "input-error" | "denied" | "classified" | "escalated" | "routed" | "skipped" | "fallback" | "synthesis" | "on-error" | "guard";

export interface Reason {
  readonly code: ReasonCode;
  readonly message: string;
  readonly rule: string | null;
  readonly source: SourceLocation | null;
}

export interface DeniedFile {
  readonly set: string;
  readonly pattern: string;
  /** Index into the input's `files`. */
  readonly file: number;
  /** The path as given, or `[REDACTED:path]` when the policy redacts denied paths. */
  readonly path: string;
}

/** `routec.decision/1`: where a task runs and why. Reproducible from input + table. */
export interface Decision {
  readonly schema: "routec.decision/1";
  readonly target: "local" | "remote";
  readonly mode: "direct" | "synthesis";
  /** The local runtime (local and synthesis), else null. */
  readonly runtime: string | null;
  /** The model that runs first: the local model, the draft model, or the remote's model. */
  readonly model: string;
  /** The remote target (remote), else null. */
  readonly remote: string | null;
  /** The remote reviewer (synthesis), else null. */
  readonly review: { readonly remote: string; readonly model: string } | null;
  /** The task class, or null when the input could not be classified (an input error). */
  readonly class: string | null;
  /** The VRAM pressure level used, or null on an input error. */
  readonly vram_level: string | null;
  readonly reasons: readonly Reason[];
  readonly denied: readonly DeniedFile[];
  /** Set when the `on error` decision was taken because the input or table was unusable. */
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly policy: { readonly name: string; readonly version: number | null; readonly sha256: string };
}

// ---------------------------------------------------------------------------------------------------------
// Explain trace (added by the runtime; additive)

/** Why a local candidate could not serve, in the order the runtime checks them. */
export type SkipReason = "runtime-disabled" | "class-forbids-local" | "context" | "class-context" | "tools" | "vram";

/** The VRAM features computed from known telemetry. */
export interface VramFeatures {
  readonly total_mib: number;
  readonly free_mib: number;
  readonly free_pct: number;
  readonly largest_free_mib: number;
  readonly fragmentation_pct: number;
}

/** The limits a candidate was checked against. `largest_free_mib` is null when telemetry is unknown. */
export interface CandidateThresholds {
  readonly runtime_enabled: boolean;
  readonly local_allowed: boolean;
  readonly context_tokens: number;
  readonly model_context: number;
  readonly class_max_context: number | null;
  readonly tools_required: boolean;
  readonly model_tools: boolean;
  readonly vram_mib: number;
  readonly largest_free_mib: number | null;
}

/** One step of `explain`: what the runtime tested, in the order it tested it. */
export type TraceStep =
  | { readonly step: "input"; readonly ok: boolean; readonly error: { readonly code: string; readonly message: string; readonly path: string } | null }
  | { readonly step: "table"; readonly ok: boolean; readonly error: string | null }
  /** The normalized views of one spelling of a file (redacted when the file is denied and the policy redacts). */
  | { readonly step: "path"; readonly file: number; readonly spelling: "path" | "real"; readonly views: readonly string[] }
  /** A file is in a glob set: `pattern` is the first pattern (as written) that matched it. */
  | { readonly step: "match"; readonly set: string; readonly kind: "deny" | "match"; readonly file: number; readonly pattern: string }
  | { readonly step: "vram"; readonly known: boolean; readonly features: VramFeatures | null; readonly level: string; readonly low_vram_mode: boolean; readonly raised_from: string | null }
  | { readonly step: "classify"; readonly rule: string; readonly matched: boolean; readonly class: string }
  | { readonly step: "escalate"; readonly rule: string; readonly matched: boolean; readonly reason: string }
  | { readonly step: "route"; readonly rule: string; readonly class: string }
  | { readonly step: "candidate"; readonly model: string; readonly role: "candidate" | "draft"; readonly skipped: SkipReason | null; readonly thresholds: CandidateThresholds }
  | { readonly step: "fallback"; readonly to: "remote" | "local" | "synthesis" | "on-error" }
  | { readonly step: "guard"; readonly tripped: boolean }
  | { readonly step: "on-error"; readonly why: string };
