/**
 * Which files a tool call touches, read from its arguments: the paths the deny sets must see. Used by the
 * claude-code-router module (tool-use blocks in a conversation) and the Claude Code PreToolUse hook. It errs on
 * the side of finding too many paths: an extra path can only add a denial, a missed one leaks.
 * Dependency-free and Node-free, because it is bundled into generated router modules.
 */

/** Argument names that hold a path in Claude Code's built-in tools and in common MCP tools. */
const PATH_KEYS = new Set(["file_path", "path", "notebook_path", "filePath", "filename", "file", "dir", "directory", "cwd", "paths", "files", "target", "source", "destination", "glob", "pattern"]);

/** Keys whose strings are commands: shell words that look like paths are taken. */
const COMMAND_KEYS = new Set(["command", "cmd", "script"]);

/** A shell word or text token that names a file: has a slash or a home prefix, or is a dotfile-like name. */
export function looksLikePath(token: string): boolean {
  if (token.length === 0 || token.length > 4096 || token.includes("://")) return false;
  if (/^(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%)(?:[\\/]|$)/.test(token)) return true;
  if (/^[A-Za-z]:[\\/]/.test(token) || token.startsWith("\\\\")) return true;
  if (token.includes("/") || token.includes("\\")) return /[\w.~$%-]/.test(token);
  return /^\.[\w.-]+$/.test(token) || /\.(?:pem|key|p12|pfx|kdbx|env)$/i.test(token) || /^id_[a-z0-9]+/.test(token);
}

/** Splits a shell command into words, honouring quotes and backslash escapes well enough to find path arguments. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let quote: "'" | '"' | null = null;
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] ?? "";
    if (quote !== null) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < command.length) word += command[++i] ?? "";
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < command.length) {
      word += command[++i] ?? "";
      inWord = true;
    } else if (/\s|[;&|<>()`]/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Path-like words of a shell command, including `--opt=path` values. */
export function pathsFromCommand(command: string): string[] {
  const out: string[] = [];
  for (const word of shellWords(command)) {
    const value = word.startsWith("-") && word.includes("=") ? word.slice(word.indexOf("=") + 1) : word;
    if (looksLikePath(value)) out.push(value);
  }
  return out;
}

/** Path-like tokens in free text (a prompt that says "read ~/.aws/credentials"), with `@` mentions. */
export function pathsFromText(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\s"'`<>(){}[\],;]+/)) {
    const token = raw.replace(/^@/, "").replace(/[.:!?]+$/, "");
    if (looksLikePath(token)) out.push(token);
  }
  return out;
}

/**
 * How deep tool arguments are searched. MCP tools nest a few levels; deeper than this, a path could be hidden
 * from the search, so the caller fails closed instead of passing what it did not see.
 */
export const maxToolInputDepth = 32;

/** Collects the paths of `value` into `out`; false when some of it lies deeper than `maxToolInputDepth`. */
function collect(value: unknown, key: string | null, out: string[], depth: number): boolean {
  if (depth > maxToolInputDepth) return false;
  if (typeof value === "string") {
    if (key !== null && COMMAND_KEYS.has(key)) out.push(...pathsFromCommand(value));
    else if (key !== null && PATH_KEYS.has(key)) out.push(value);
    else if (looksLikePath(value)) out.push(value);
    return true;
  }
  if (Array.isArray(value)) return value.every((item) => collect(item, key, out, depth + 1));
  if (value !== null && typeof value === "object") return Object.entries(value).every(([k, v]) => collect(v, k, out, depth + 1));
  return true;
}

/**
 * The paths a tool call touches. Path-named arguments are taken whole, command arguments are split into shell
 * words, and any other string that looks like a path is taken too (MCP tools name their arguments freely).
 * A Glob/Grep `pattern` under a `path` is also joined to it, so `~/.ssh` + `*` is seen as `~/.ssh/*`.
 * Null when the arguments nest deeper than `maxToolInputDepth`: they cannot all be inspected.
 */
export function pathsFromToolInput(input: unknown): string[] | null {
  const out: string[] = [];
  if (!collect(input, null, out, 0)) return null;
  if (input !== null && typeof input === "object" && !Array.isArray(input)) {
    const o = input as Record<string, unknown>;
    const dir = o["path"];
    const pattern = o["pattern"] ?? o["glob"];
    if (typeof dir === "string" && typeof pattern === "string" && dir !== "") out.push(`${dir.replace(/[\\/]+$/, "")}/${pattern}`);
  }
  return [...new Set(out.filter((p) => p !== ""))];
}
