/**
 * The shared sanitizer: finds secrets in text and replaces each with `[REDACTED:<kind>]`.
 * Pure and dependency-free (no Node APIs) so the CLI, the runtime-adjacent code and browsers can all use it.
 *
 * INVARIANT: no pattern matches across a line break, except private-key blocks; `createLineRedactor` relies on
 * this to give the same output as `sanitize` on the joined text.
 */

/** What kind of secret a finding is; it appears in the marker `[REDACTED:<kind>]`. */
export type SecretKind =
  | "private-key"
  | "aws-access-key-id"
  | "aws-secret-access-key"
  | "github-token"
  | "anthropic-api-key"
  | "openai-api-key"
  | "slack-token"
  | "slack-webhook"
  | "google-api-key"
  | "stripe-key"
  | "jwt"
  | "authorization"
  | "url-password"
  | "secret-assignment"
  | "path";

/** One secret found in a text: the half-open UTF-16 range `[start, end)` it occupies. */
export interface SecretFinding {
  readonly kind: SecretKind;
  readonly start: number;
  readonly end: number;
}

/** Options of `sanitize` and `findSecrets`. */
export interface SanitizeOptions {
  /** Literal paths whose every occurrence is redacted as `[REDACTED:path]` (e.g. the denied paths of a decision). */
  readonly deniedPaths?: readonly string[];
}

/** The marker that replaces a secret of `kind`. */
export function redactionMarker(kind: SecretKind): string {
  return `[REDACTED:${kind}]`;
}

const markerPattern = /\[REDACTED:[a-z-]+\]/g;

// Specific formats win over generic ones when findings overlap, so the marker names the most precise kind.
const priority: readonly SecretKind[] = [
  "private-key",
  "anthropic-api-key",
  "openai-api-key",
  "github-token",
  "aws-access-key-id",
  "aws-secret-access-key",
  "slack-webhook",
  "slack-token",
  "google-api-key",
  "stripe-key",
  "jwt",
  "url-password",
  "authorization",
  "secret-assignment",
  "path",
];

/** A token rule: `pattern` is global; `group` (default 0) is the part to redact. */
interface TokenRule {
  readonly kind: SecretKind;
  readonly pattern: RegExp;
  readonly group?: number;
  readonly accept?: (match: string) => boolean;
  /** A cheap test on the text and its lower-case form: false means the pattern cannot match (most lines). */
  readonly hint: (text: string, lower: string) => boolean;
}

function has(...needles: readonly string[]): (text: string) => boolean {
  return (text) => {
    for (const needle of needles) if (text.includes(needle)) return true;
    return false;
  };
}

function hasLower(...needles: readonly string[]): (text: string, lower: string) => boolean {
  const test = has(...needles);
  return (_text, lower) => test(lower);
}

/** A random key body mixes at least two of digits, upper and lower case; words after a short prefix rarely do. */
function looksRandom(body: string): boolean {
  return Number(/[0-9]/.test(body)) + Number(/[A-Z]/.test(body)) + Number(/[a-z]/.test(body)) >= 2;
}

/** Whether a dotted token is a JWT: its first part decodes to a JSON object header naming an `alg`. */
function isJwt(token: string): boolean {
  const header = decodeBase64Url(token.slice(0, token.indexOf(".")));
  if (header === null || !header.startsWith("{")) return false;
  try {
    const parsed: unknown = JSON.parse(header);
    return typeof parsed === "object" && parsed !== null && "alg" in parsed && typeof parsed.alg === "string";
  } catch {
    return false;
  }
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Decodes base64url to a Latin-1 string (enough for a JSON header); null when it is not base64url. */
function decodeBase64Url(text: string): string | null {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const char of text) {
    const digit = base64Alphabet.indexOf(char);
    if (digit === -1) return null;
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}

// Formats with a distinctive prefix match even when glued to a word, so no rule needs a word boundary.
const tokenRules: readonly TokenRule[] = [
  { kind: "aws-access-key-id", hint: has("AKIA", "ASIA", "ABIA", "ACCA"), pattern: /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}/g },
  {
    kind: "aws-secret-access-key",
    hint: hasLower("secret"),
    // A 40-character secret is indistinguishable from other base64, so it needs its context.
    pattern:
      /(?:aws[_-]?)?secret[_-]?(?:access[_-]?)?key(?:[_-]?id)?["']?[ \t]*(?::=|=>|[:=])[ \t]*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
  },
  { kind: "github-token", hint: has("gh", "github_pat_"), pattern: /(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{20,255})/g },
  { kind: "anthropic-api-key", hint: has("sk-ant-"), pattern: /sk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: "openai-api-key", hint: has("sk-"), pattern: /sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}/g },
  {
    kind: "openai-api-key",
    hint: has("sk-"),
    // Legacy keys are 48 alphanumerics; no `-` in the body keeps pod and task names (`task-runner-5f7d9c-x2x4z`) out.
    pattern: /sk-[A-Za-z0-9]{32,}/g,
    accept: (match) => looksRandom(match.slice(3)),
  },
  { kind: "slack-token", hint: has("xox"), pattern: /xox[abposr]-[A-Za-z0-9-]{10,}/g, accept: (match) => /[0-9]/.test(match) },
  { kind: "slack-token", hint: has("xapp-"), pattern: /xapp-[0-9]-[A-Za-z0-9-]{10,}/g },
  { kind: "slack-webhook", hint: has("hooks.slack"), pattern: /https:\/\/hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/g },
  { kind: "google-api-key", hint: has("AIza"), pattern: /AIza[0-9A-Za-z_-]{35}/g },
  { kind: "stripe-key", hint: has("_live_", "_test_"), pattern: /(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g },
  // A JWT header is JSON that starts with `{"` (base64url `eyJ`) in every mainstream library; the prefix finds the
  // token even glued to other text, and decoding the header rules out look-alikes.
  { kind: "jwt", hint: has("eyJ"), pattern: /eyJ[A-Za-z0-9_-]{7,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, accept: isJwt },
  {
    kind: "authorization",
    hint: hasLower("authorization"),
    // An Authorization (or Proxy-Authorization) header: everything after the scheme is the credential.
    pattern:
      /authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest|negotiate|bot)[ \t]+)?([^\s"',;]+(?:[ \t]+[^\s"',;=]+=[^\s"',;]+)*)/gi,
    group: 1,
    accept: (credential) => !/^(?:bearer|basic|token|digest)$/i.test(credential),
  },
  {
    kind: "authorization",
    hint: hasLower("bearer", "basic"),
    // A bare bearer/basic credential; the digit-or-symbol requirement keeps prose ("basic functionality") intact.
    pattern: /\b(?:bearer|basic)[ \t]+((?=[A-Za-z0-9._~+/-]*[0-9._~+/])[A-Za-z0-9._~+/-]{12,}=*)/gi,
    group: 1,
  },
  {
    kind: "url-password",
    hint: (text) => text.includes("://") && text.includes("@"),
    pattern: /[a-z][a-z0-9+.-]*:\/\/[^\s:@/?#"'<>]*:([^\s@/?#"'<>]+)@/gi,
    group: 1,
    accept: (password) => !isEnvReference(password),
  },
];

/** Names whose values are secrets: `*_TOKEN`, `*_SECRET`, `*_KEY`, `PASSWORD`, `apiKey`, `x-api-key`, … */
export function isSecretKeyName(name: string): boolean {
  if (!secretStems.test(name)) return false;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (secretWords.has(last) || secretSuffixes.some((suffix) => last.endsWith(suffix))) return true;
  if (last === "key" || last === "keys") return words.length >= 2 && !nonSecretKeyQualifiers.has(words[words.length - 2] ?? "");
  return false;
}

// Every secret name contains one of these; most keys in ordinary text do not, which saves splitting them.
const secretStems = /key|token|secret|pass|pwd|credential/i;

const secretWords = new Set([
  "token",
  "secret",
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "apikey",
  "credential",
  "credentials",
  "privatekey",
  "secretkey",
  "accesskey",
  "authkey",
  "sessionkey",
]);

// Long enough to keep their meaning inside a run-together name (`myapikey`, `dbpassword`); `key` and `pwd` are not.
const secretSuffixes = ["token", "secret", "password", "passwd", "passphrase", "apikey", "credential", "credentials"];

// `primary_key`, `sort_key`, `foreign_key`, `public_key`… name database columns and public material.
const nonSecretKeyQualifiers = new Set(["primary", "foreign", "sort", "partition", "public", "pub", "unique", "cache", "hash", "map", "lookup", "idempotency", "shortcut", "hot", "i18n", "translation"]);

// `key` then `:`/`=` then a value: JSON (`"key": "v"`, also escaped inside a JSON string), YAML (`key: v`),
// env and shell (`KEY=v`), query strings (`key=v&`). Scanning from each separator (rather than one regex over the
// text) keeps this linear and finds assignments nested in the values of others (`"note": "TOKEN=…"`).
const valueAfterSeparator = /[ \t]*(?:\\"((?:(?!\\")[^\n])*)\\"|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|([^\s"',;&}\])]+))/y;
// How many characters close each value group above (an escaped quote is two).
const closingLength = [0, 2, 1, 1, 0] as const;

/** The key that ends just before `end` (spaces allowed): a quoted name or an identifier; "" when there is none. */
function keyBefore(text: string, end: number): string {
  let j = end - 1;
  while (j >= 0 && (text[j] === " " || text[j] === "\t")) j--;
  const close = text[j];
  if (close === '"' || close === "'") {
    const contentEnd = text[j - 1] === "\\" ? j - 1 : j;
    let k = contentEnd - 1;
    while (k >= 0 && contentEnd - k <= 64 && !"\"'\n[]".includes(text[k] ?? "")) k--;
    return text[k] === close && k < contentEnd - 1 ? text.slice(k + 1, contentEnd) : "";
  }
  let k = j;
  while (k >= 0 && /[A-Za-z0-9_.-]/.test(text[k] ?? "")) k--;
  let start = k + 1;
  while (start <= j && (text[start] === "." || text[start] === "-")) start++;
  return text.slice(start, j + 1);
}

function findAssignments(text: string, out: SecretFinding[]): void {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char !== ":" && char !== "=") continue;
    // `:=` and `=>` are one separator, seen at their first character.
    if (char === "=" && text[i - 1] === ":") continue;
    const next = text[i + 1];
    const width = (char === ":" && next === "=") || (char === "=" && next === ">") ? 2 : 1;
    if (!isSecretKeyName(keyBefore(text, i))) continue;
    valueAfterSeparator.lastIndex = i + width;
    const value = valueAfterSeparator.exec(text);
    if (value === null) continue;
    for (let group = 1; group <= 4; group++) {
      const found = value[group];
      if (found === undefined) continue;
      if (isSecretValue(found)) {
        const end = value.index + value[0].length - (closingLength[group] ?? 0);
        out.push({ kind: "secret-assignment", start: end - found.length, end });
      }
    }
  }
}

function isSecretValue(value: string): boolean {
  if (value === "" || isEnvReference(value)) return false;
  if (/^(?:true|false|null|none|nil|undefined|~|\{|\[)$/i.test(value)) return false;
  return true;
}

/** True for a value that only names an environment variable (`$VAR`, `${VAR}`): a reference, not a secret. */
export function isEnvReference(value: string): boolean {
  return /^\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(value);
}

const pemBegin = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----/g;

function findPrivateKeys(text: string, out: SecretFinding[]): void {
  pemBegin.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pemBegin.exec(text)) !== null) {
    const endMarker = `-----END ${match[1] ?? ""}-----`;
    const endAt = text.indexOf(endMarker, match.index + match[0].length);
    // An unterminated block (truncated output) is redacted to the end rather than leaked.
    const end = endAt === -1 ? text.length : endAt + endMarker.length;
    out.push({ kind: "private-key", start: match.index, end });
    pemBegin.lastIndex = end;
  }
}

function findTokens(text: string, lower: string, out: SecretFinding[]): void {
  for (const rule of tokenRules) {
    if (!rule.hint(text, lower)) continue;
    const pattern = rule.pattern;
    pattern.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(text)) !== null) {
      const group = rule.group ?? 0;
      const part = match[group];
      if (part === undefined || part === "" || (rule.accept && !rule.accept(part))) continue;
      const start = group === 0 ? match.index : match.index + match[0].lastIndexOf(part);
      out.push({ kind: rule.kind, start, end: start + part.length });
    }
  }
}

function findPaths(text: string, paths: readonly string[], out: SecretFinding[]): void {
  for (const path of paths) {
    if (path === "") continue;
    let at = text.indexOf(path);
    while (at !== -1) {
      out.push({ kind: "path", start: at, end: at + path.length });
      at = text.indexOf(path, at + path.length);
    }
  }
}

/** Merges overlapping findings into one, named after the most specific kind among them. */
function merge(findings: SecretFinding[]): SecretFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretFinding[] = [];
  for (const f of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && f.start < last.end) {
      const kind = priority.indexOf(f.kind) < priority.indexOf(last.kind) ? f.kind : last.kind;
      merged[merged.length - 1] = { kind, start: last.start, end: Math.max(last.end, f.end) };
    } else {
      merged.push(f);
    }
  }
  return merged;
}

/** Finds every secret in `text`: non-overlapping findings sorted by position. */
export function findSecrets(text: string, options: SanitizeOptions = {}): SecretFinding[] {
  const found: SecretFinding[] = [];
  if (text.includes("-----BEGIN ")) findPrivateKeys(text, found);
  findTokens(text, text.toLowerCase(), found);
  findAssignments(text, found);
  findPaths(text, options.deniedPaths ?? [], found);
  // Text that is already a marker is not a secret; dropping findings that touch one makes sanitize idempotent.
  const markers = found.length === 0 || !text.includes("[REDACTED:") ? [] : [...text.matchAll(markerPattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const fresh = markers.length === 0 ? found : found.filter((f) => !markers.some((m) => f.start < m.end && m.start < f.end));
  return merge(fresh);
}

/** Replaces every secret in `text` with `[REDACTED:<kind>]`; text without secrets is returned unchanged. */
export function sanitize(text: string, options: SanitizeOptions = {}): string {
  const findings = findSecrets(text, options);
  if (findings.length === 0) return text;
  let out = "";
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + redactionMarker(f.kind);
    at = f.end;
  }
  return out + text.slice(at);
}

/** A line-at-a-time sanitizer for streams: a private-key block spanning lines becomes one marker. */
export interface LineRedactor {
  /** Takes one line (without its `\n`); returns the output lines now complete (none while inside a key block). */
  push(line: string): string[];
  /** Ends the stream; returns any held output (an unterminated key block is redacted to the end). */
  end(): string[];
}

/**
 * Creates a streaming redactor. Joining its output with `\n` gives `sanitize` of the joined input, holding back at
 * most the start of one line while inside a private-key block.
 */
export function createLineRedactor(options: SanitizeOptions = {}): LineRedactor {
  // Inside a block: the line's text before BEGIN and the END marker that closes the block.
  let open: { prefix: string; endMarker: string } | null = null;
  return {
    push(input) {
      let line = input;
      if (open !== null) {
        const endAt = line.indexOf(open.endMarker);
        if (endAt === -1) return [];
        line = `${open.prefix}${pemPlaceholder}${line.slice(endAt + open.endMarker.length)}`;
        open = null;
      }
      open = unterminatedBlock(line);
      return open === null ? [sanitize(line, options)] : [];
    },
    end() {
      if (open === null) return [];
      const held = `${open.prefix}${pemPlaceholder}`;
      open = null;
      return [sanitize(held, options)];
    },
  };
}

// A block already cut out of a streamed line is stood in for by its marker before the line is sanitized.
const pemPlaceholder = redactionMarker("private-key");

/** The block a line opens but does not close, scanning blocks in order as `findPrivateKeys` does. */
function unterminatedBlock(line: string): { prefix: string; endMarker: string } | null {
  if (!line.includes("-----BEGIN ")) return null;
  const begin = new RegExp(pemBegin.source, "g");
  let match: RegExpExecArray | null;
  while ((match = begin.exec(line)) !== null) {
    const endMarker = `-----END ${match[1] ?? ""}-----`;
    const endAt = line.indexOf(endMarker, match.index + match[0].length);
    if (endAt === -1) return { prefix: line.slice(0, match.index), endMarker };
    begin.lastIndex = endAt + endMarker.length;
  }
  return null;
}
