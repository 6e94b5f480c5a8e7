/**
 * Validation of claude-code-router's `config.json`: syntax (JSON5, located), the schema of its real format,
 * `provider,model` references, environment-variable interpolation, and hardening rules.
 * Pure: the environment and file existence are injected.
 */
import { z } from "zod";
import type { Diagnostic, Result, Span } from "../diagnostics/diagnostic.js";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import type { JsonMember, JsonNode } from "./json.js";
import { jsonPointer, member, nodeAt, parseJson5, toValue } from "./json.js";

const numberish = z.union([z.number(), z.string()]);
const boolish = z.union([z.boolean(), z.string()]);
const transformerUse = z.array(z.union([z.string(), z.array(z.unknown())]));

const providerSchema = z.looseObject({
  name: z.string().min(1),
  api_base_url: z.string(),
  api_key: z.string(),
  models: z.array(z.string()),
  transformer: z.looseObject({ use: transformerUse.optional() }).optional(),
});

const routerSchema = z.looseObject({
  default: z.string(),
  background: z.string().optional(),
  think: z.string().optional(),
  longContext: z.string().optional(),
  longContextThreshold: numberish.optional(),
  webSearch: z.string().optional(),
  image: z.string().optional(),
});

/** The schema of claude-code-router's config (unknown keys pass here and are reported as warnings). */
export const ccrConfigSchema = z.looseObject({
  Providers: z.array(providerSchema),
  Router: routerSchema,
  HOST: z.string().optional(),
  PORT: numberish.optional(),
  APIKEY: z.string().optional(),
  LOG: boolish.optional(),
  LOG_LEVEL: z.string().optional(),
  API_TIMEOUT_MS: numberish.optional(),
  PROXY_URL: z.string().optional(),
  NON_INTERACTIVE_MODE: boolish.optional(),
  CUSTOM_ROUTER_PATH: z.string().optional(),
  CLAUDE_PATH: z.string().optional(),
  HOT_RELOAD: boolish.optional(),
  REWRITE_SYSTEM_PROMPT: z.string().optional(),
  forceUseImageAgent: boolish.optional(),
  transformers: z.array(z.looseObject({ path: z.string(), options: z.record(z.string(), z.unknown()).optional() })).optional(),
  StatusLine: z.record(z.string(), z.unknown()).optional(),
});

/** A claude-code-router config that passed the schema. */
export type CcrConfig = z.infer<typeof ccrConfigSchema>;

const knownKeys = {
  top: Object.keys(ccrConfigSchema.shape),
  Router: Object.keys(routerSchema.shape),
  provider: Object.keys(providerSchema.shape),
};

/** The `Router` entries whose values are `provider,model` routes. */
export const routeKeys = ["default", "background", "think", "longContext", "webSearch", "image"] as const;

/** What validation needs from its surroundings. */
export interface RouterValidationHost {
  /** The environment claude-code-router would expand `$VAR` from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether a file exists (for `CUSTOM_ROUTER_PATH` and transformer plugins). */
  readonly exists: (path: string) => boolean;
}

/** A parsed config with its syntax tree, for tools that edit it in place. */
export interface RouterConfigAnalysis {
  readonly root: JsonNode | null;
  readonly config: CcrConfig | null;
  readonly diagnostics: readonly Diagnostic[];
}

// claude-code-router's own pattern (src/utils/index.ts): braced names are anything, bare names are upper case.
const envReference = /\$\{([^}]+)\}|\$([A-Z_][A-Z0-9_]*)/g;

/** Expands `$VAR`/`${VAR}` as claude-code-router does; `unset` lists the names it had to leave as written. */
export function interpolate(value: string, env: Readonly<Record<string, string | undefined>>): { value: string; unset: string[] } {
  const unset: string[] = [];
  const expanded = value.replace(envReference, (match, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? "";
    const found = env[name];
    if (found === undefined || found === "") {
      unset.push(name);
      return match;
    }
    return found;
  });
  return { value: expanded, unset };
}

/** True when a string refers to at least one environment variable. */
export function hasEnvReference(value: string): boolean {
  return new RegExp(envReference.source).test(value);
}

/** True for loopback hosts: `127.0.0.0/8`, `::1` and `localhost` (an empty HOST means claude-code-router's default). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "" || h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || /^(?:0{1,4}:){7}0{0,3}1$/.test(h)) return true;
  const v4 = /^(?:::ffff:)?127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}

/** The host of a URL such as `http://127.0.0.1:11434/v1/chat/completions`, or null. */
export function urlHost(url: string): string | null {
  return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(url.trim())?.[1] ?? null;
}

/** The span a missing key is reported at: the parent's key if it has one, else the parent's opening brace. */
function missingKeySpan(root: JsonNode, path: readonly PropertyKey[]): Span {
  const parentPath = path.slice(0, -1);
  const parent = nodeAt(root, parentPath) ?? root;
  const grand = nodeAt(root, parentPath.slice(0, -1));
  const last = parentPath[parentPath.length - 1];
  const keyed = typeof last === "string" ? member(grand, last) : undefined;
  if (keyed !== undefined) return keyed.keySpan;
  return { file: parent.span.file, start: parent.span.start, end: { ...parent.span.start, offset: parent.span.start.offset + 1, column: parent.span.start.column + 1 } };
}

function kindName(node: JsonNode): string {
  return node.kind === "object" ? "an object" : node.kind === "array" ? "a list" : node.kind === "null" ? "null" : `a ${node.kind}`;
}

function schemaDiagnostics(root: JsonNode, issues: readonly z.core.$ZodIssue[]): Diagnostic[] {
  return issues.map((issue) => {
    const path = issue.path;
    const pointer = jsonPointer(path);
    const node = nodeAt(root, path);
    const notes = [`at \`${pointer === "" ? "/" : pointer}\``];
    if (node === undefined) {
      const name = String(path[path.length - 1] ?? "");
      return diagnostic("R0702", missingKeySpan(root, path), `missing required key \`${name}\``, { notes });
    }
    if (issue.code === "invalid_type" || issue.code === "invalid_union") {
      const expected = issue.code === "invalid_type" ? issue.expected : "another type";
      return diagnostic("R0702", node.span, `expected ${expected === "array" ? "a list" : expected} for \`${String(path[path.length - 1] ?? "config")}\`, found ${kindName(node)}`, { notes });
    }
    return diagnostic("R0702", node.span, issue.message.toLowerCase().replace(/\.$/, ""), { notes });
  });
}

function unknownKeys(node: JsonNode | undefined, known: readonly string[], where: string): Diagnostic[] {
  if (node?.kind !== "object") return [];
  return node.members
    .filter((m) => !known.includes(m.key))
    .map((m) => {
      const near = known.find((k) => k.toLowerCase() === m.key.toLowerCase());
      return diagnostic("R0703", m.keySpan, `unknown key \`${m.key}\`${where}`, near === undefined ? {} : { help: `did you mean \`${near}\`?` });
    });
}

function duplicateKeys(node: JsonNode): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (n: JsonNode): void => {
    if (n.kind === "array") n.items.forEach(visit);
    if (n.kind !== "object") return;
    const first = new Map<string, JsonMember>();
    for (const m of n.members) {
      const earlier = first.get(m.key);
      if (earlier === undefined) first.set(m.key, m);
      else out.push(diagnostic("R0715", m.keySpan, `key \`${m.key}\` appears twice; the last value wins`, { related: [{ span: earlier.keySpan, message: "first given here" }] }));
      visit(m.value);
    }
  };
  visit(node);
  return out;
}

function envDiagnostics(node: JsonNode, env: RouterValidationHost["env"]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (n: JsonNode): void => {
    if (n.kind === "array") n.items.forEach(visit);
    else if (n.kind === "object") n.members.forEach((m) => visit(m.value));
    else if (n.kind === "string") {
      for (const name of new Set(interpolate(n.value, env).unset)) {
        out.push(diagnostic("R0708", n.span, `environment variable \`${name}\` is not set`, { help: "claude-code-router keeps the text as written when a variable is unset or empty" }));
      }
    }
  };
  visit(node);
  return out;
}

function stringAt(root: JsonNode, path: readonly PropertyKey[]): (JsonNode & { kind: "string" }) | undefined {
  const node = nodeAt(root, path);
  return node?.kind === "string" ? node : undefined;
}

function routeDiagnostics(root: JsonNode, config: CcrConfig, env: RouterValidationHost["env"]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const providers = new Map<string, readonly string[]>();
  config.Providers.forEach((p, i) => {
    const earlier = config.Providers.findIndex((q) => q.name === p.name);
    const nameNode = nodeAt(root, ["Providers", i, "name"]);
    const firstNode = nodeAt(root, ["Providers", earlier, "name"]);
    if (earlier !== i && nameNode !== undefined && firstNode !== undefined) {
      out.push(diagnostic("R0707", nameNode.span, `provider \`${p.name}\` is declared twice`, { related: [{ span: firstNode.span, message: "first declared here" }] }));
    }
    if (!providers.has(p.name)) providers.set(p.name, p.models);
  });
  const declared = [...providers.keys()].sort();
  for (const key of routeKeys) {
    const node = stringAt(root, ["Router", key]);
    if (node === undefined) continue;
    const { value, unset } = interpolate(node.value, env);
    if (unset.length > 0) continue;
    const comma = value.indexOf(",");
    const notes = [`at \`${jsonPointer(["Router", key])}\``];
    if (comma <= 0 || comma === value.length - 1) {
      out.push(diagnostic("R0704", node.span, `route \`${key}\` is \`${value}\`, not \`provider,model\``, { help: "write the provider's name, a comma, then one of its models", notes }));
      continue;
    }
    const provider = value.slice(0, comma).trim();
    const model = value.slice(comma + 1).trim();
    const models = providers.get(provider);
    if (models === undefined) {
      const near = declared.find((d) => d.toLowerCase() === provider.toLowerCase());
      out.push(
        diagnostic("R0705", node.span, `route \`${key}\` names provider \`${provider}\`, which is not declared`, {
          help: near !== undefined ? `did you mean \`${near}\`?` : declared.length === 0 ? "declare it in `Providers`" : `declared providers: ${declared.map((d) => `\`${d}\``).join(", ")}`,
          notes,
        }),
      );
    } else if (!models.includes(model)) {
      out.push(
        diagnostic("R0706", node.span, `route \`${key}\` names model \`${model}\`, which provider \`${provider}\` does not list`, {
          help: models.length === 0 ? `add it to the \`models\` of \`${provider}\`` : `\`${provider}\` lists ${[...models].sort().map((m) => `\`${m}\``).join(", ")}`,
          notes,
        }),
      );
    }
  }
  return out;
}

/** Whether `APIKEY` protects the router: set, non-empty, and not an unset variable. */
function apiKeyProtects(root: JsonNode, env: RouterValidationHost["env"]): boolean {
  const node = stringAt(root, ["APIKEY"]);
  if (node === undefined) return false;
  const { value, unset } = interpolate(node.value, env);
  return unset.length === 0 && value.trim() !== "";
}

/** The HOST value node when it exposes the router beyond loopback without an `APIKEY`. */
export function exposedHost(root: JsonNode, env: RouterValidationHost["env"]): (JsonNode & { kind: "string" }) | undefined {
  const node = stringAt(root, ["HOST"]);
  if (node === undefined) return undefined;
  const { value, unset } = interpolate(node.value, env);
  if (unset.length > 0 || isLoopbackHost(value) || apiKeyProtects(root, env)) return undefined;
  return node;
}

/** A key written in the config in plain text: where it is and whose it is (`APIKEY` or a provider name). */
export interface PlaintextKey {
  readonly node: JsonNode & { kind: "string" };
  readonly path: readonly PropertyKey[];
  /** The provider's name, or null for the router's own `APIKEY`. */
  readonly provider: string | null;
}

/** Every API key written in plain text, except those of providers on a loopback address (which need none). */
export function plaintextKeys(root: JsonNode): PlaintextKey[] {
  const out: PlaintextKey[] = [];
  const apiKey = stringAt(root, ["APIKEY"]);
  if (apiKey !== undefined && apiKey.value !== "" && !hasEnvReference(apiKey.value)) out.push({ node: apiKey, path: ["APIKEY"], provider: null });
  const providers = nodeAt(root, ["Providers"]);
  if (providers?.kind === "array") {
    providers.items.forEach((_, i) => {
      const key = stringAt(root, ["Providers", i, "api_key"]);
      const name = stringAt(root, ["Providers", i, "name"])?.value ?? `#${i}`;
      const host = urlHost(stringAt(root, ["Providers", i, "api_base_url"])?.value ?? "");
      if (key === undefined || key.value === "" || hasEnvReference(key.value)) return;
      if (host !== null && isLoopbackHost(host)) return;
      out.push({ node: key, path: ["Providers", i, "api_key"], provider: name });
    });
  }
  return out;
}

function hardeningDiagnostics(root: JsonNode, host: RouterValidationHost): Diagnostic[] {
  const out: Diagnostic[] = [];
  const exposed = exposedHost(root, host.env);
  if (exposed !== undefined) {
    const apiKey = member(root, "APIKEY");
    out.push(
      diagnostic("R0709", exposed.span, `\`HOST\` \`${exposed.value}\` exposes the router beyond this machine without an \`APIKEY\``, {
        help: "bind to `127.0.0.1`, or set `APIKEY` from an environment variable (`routec router harden` binds to loopback)",
        notes: [`at \`/HOST\``, ...(apiKey === undefined ? [] : ["`APIKEY` is empty or refers to an unset variable"])],
        suggestion: { message: "bind to loopback", replacement: '"127.0.0.1"' },
      }),
    );
  }
  for (const key of plaintextKeys(root)) {
    const variable = envVarNameFor(key.provider);
    out.push(
      diagnostic("R0710", key.node.span, key.provider === null ? "`APIKEY` is written in plain text" : `the API key of provider \`${key.provider}\` is written in plain text`, {
        help: `write \`"$${variable}"\` and set \`${variable}\` in the environment (\`routec router harden\` rewrites it)`,
        notes: [`at \`${jsonPointer(key.path)}\``],
      }),
    );
  }
  const paths: { path: readonly PropertyKey[]; code: "R0711" | "R0712"; what: string }[] = [{ path: ["CUSTOM_ROUTER_PATH"], code: "R0711", what: "custom router" }];
  const transformers = nodeAt(root, ["transformers"]);
  if (transformers?.kind === "array") transformers.items.forEach((_, i) => paths.push({ path: ["transformers", i, "path"], code: "R0712", what: "transformer plugin" }));
  for (const { path, code, what } of paths) {
    const node = stringAt(root, path);
    if (node === undefined || node.value.trim() === "") continue;
    const { value, unset } = interpolate(node.value, host.env);
    if (unset.length > 0) continue;
    const home = host.env["HOME"];
    const resolved = value.startsWith("~/") && home !== undefined ? `${home}${value.slice(1)}` : value;
    if (!host.exists(resolved)) out.push(diagnostic(code, node.span, `${what} \`${resolved}\` does not exist`, { notes: [`at \`${jsonPointer(path)}\``] }));
  }
  return out;
}

/** The environment variable a plaintext key moves to: `<PROVIDER>_API_KEY`, or `CCR_APIKEY` for the router's own. */
export function envVarNameFor(provider: string | null): string {
  if (provider === null) return "CCR_APIKEY";
  const stem = provider.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return `${/^[A-Z_]/.test(stem) ? stem : `P_${stem}`}_API_KEY`;
}

/** Parses and checks a claude-code-router config, keeping the syntax tree for tools that edit it. */
export function analyzeRouterConfig(text: string, file: string, host: RouterValidationHost): RouterConfigAnalysis {
  const parsed = parseJson5(text, file);
  if (!parsed.ok) return { root: null, config: null, diagnostics: [diagnostic("R0701", parsed.error.span, parsed.error.message)] };
  const root = parsed.root;
  if (root.kind !== "object") {
    return { root, config: null, diagnostics: [diagnostic("R0702", root.span, `expected an object at the top of the config, found ${kindName(root)}`)] };
  }
  const diagnostics: Diagnostic[] = [
    ...duplicateKeys(root),
    ...unknownKeys(root, knownKeys.top, ""),
    ...unknownKeys(member(root, "Router")?.value, knownKeys.Router, " in `Router`"),
    ...envDiagnostics(root, host.env),
    ...hardeningDiagnostics(root, host),
  ];
  const providers = member(root, "Providers")?.value;
  if (providers?.kind === "array") for (const p of providers.items) diagnostics.push(...unknownKeys(p, knownKeys.provider, " in a provider"));
  const checked = ccrConfigSchema.safeParse(toValue(root));
  if (!checked.success) return { root, config: null, diagnostics: sortDiagnostics([...diagnostics, ...schemaDiagnostics(root, checked.error.issues)]) };
  diagnostics.push(...routeDiagnostics(root, checked.data, host.env));
  return { root, config: checked.data, diagnostics: sortDiagnostics(diagnostics) };
}

/** Validates a claude-code-router config: ok (with warnings) unless it has errors. */
export function validateRouterConfig(text: string, file: string, host: RouterValidationHost): Result<CcrConfig> {
  const analysis = analyzeRouterConfig(text, file, host);
  if (analysis.config === null || hasErrors(analysis.diagnostics)) return { ok: false, diagnostics: analysis.diagnostics };
  return { ok: true, value: analysis.config, diagnostics: analysis.diagnostics };
}
