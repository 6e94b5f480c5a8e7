/**
 * The syntax stage's public API: `parseSource` (one file: text → AST) and `loadProgram` (a root file and its
 * includes, read through an injected `SourceHost`). Neither throws on user input nor touches the file system.
 */
import { EOF, createTokenInstance, tokenMatcher } from "chevrotain";
import type { IRecognitionException, IToken, TokenType } from "chevrotain";
import type { Diagnostic, Result, Span } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import type { Include, SourceFile } from "./ast.js";
import type { SourceFileCstNode } from "./cst.js";
import { LineMap, lex } from "./lex.js";
import { parseToFirstError, startsItem } from "./parser.js";
import { maxNesting, toAst } from "./to-ast.js";
import * as t from "./tokens.js";

export { maxNesting } from "./to-ast.js";

/** Deeper chains of includes are refused (R0114): the loader and the checker's splice recurse once per level. */
export const maxIncludeDepth = 100;

/** More parse errors than this in one file are not reported: past that point they are noise. */
const maxParseErrors = 25;

const eofToken = createTokenInstance(EOF, "", Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN);

/** Parses one `.route` file. With errors, every lexical and syntax error is reported, one per root cause. */
export function parseSource(text: string, file: string): Result<SourceFile> {
  const lines = new LineMap(file, text);
  const lexed = lex(lines);
  // Past this many lexical errors the file is not a policy (binary data, another language): say so in a bounded
  // number of errors instead of parsing what the lexer left, which would only repeat them.
  if (lexed.diagnostics.length > maxParseErrors) return { ok: false, diagnostics: capLexical(lexed.diagnostics) };
  const tooDeep = findTooDeep(lexed.tokens, lines);
  if (tooDeep !== null) return { ok: false, diagnostics: [...lexed.diagnostics, tooDeep] };
  const parsed = parseTokens(lexed.tokens, lines);
  const syntaxErrors = dropConsequences(parsed.diagnostics, lexed.diagnostics, lexed.tokens);
  const diagnostics = [...lexed.diagnostics, ...syntaxErrors];
  if (diagnostics.length > 0 || parsed.cst === null) return { ok: false, diagnostics: sortByOffset(diagnostics) };
  const built = toAst(parsed.cst, lexed.comments, lines);
  if (built.diagnostics.length > 0) return { ok: false, diagnostics: sortByOffset(built.diagnostics) };
  return { ok: true, value: built.file, diagnostics: [] };
}

/** The first lexical errors, the last of them noting how many more there were. */
function capLexical(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const shown = sortByOffset(diagnostics).slice(0, maxParseErrors);
  const last = shown[shown.length - 1]!;
  const more = `${diagnostics.length - shown.length} more lexical errors are not shown; is this a \`.route\` file?`;
  shown[shown.length - 1] = { ...last, notes: [...(last.notes ?? []), more] };
  return shown;
}

/** Parentheses are the only recursion in the grammar; refuse runaway nesting before the parser recurses. */
function findTooDeep(tokens: readonly IToken[], lines: LineMap): Diagnostic | null {
  let depth = 0;
  for (const token of tokens) {
    if (token.tokenType === t.LParen) {
      depth++;
      if (depth > maxNesting) {
        return diagnostic("R0107", lines.tokenSpan(token), `parentheses are nested too deeply (more than ${maxNesting} levels)`, {
          help: "split the condition into simpler rules",
        });
      }
    } else if (token.tokenType === t.RParen && depth > 0) {
      depth--;
    }
  }
  return null;
}

/**
 * Runs the parser in panic mode: what chevrotain's recovery reports after an error is mostly the same mistake
 * seen again, so only the first error of a run is kept and parsing restarts after it. Inside a block the restart
 * is at the next line that can begin an entry (replaying the block's opening tokens before it), so two broken
 * rules of one `classify` give two errors; otherwise it is at the next token that starts a declaration, or at
 * the error itself when it is one (a missing `}` is found at the next declaration).
 */
function parseTokens(tokens: readonly IToken[], lines: LineMap): { cst: SourceFileCstNode | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let cst: SourceFileCstNode | null = null;
  let run: readonly IToken[] = tokens;
  let start = 0;
  for (;;) {
    const result = parseToFirstError(run);
    if (run === tokens) cst = result.cst;
    const error = result.error;
    if (error === null) break;
    const at = tokens.indexOf(error.token);
    const found = toDiagnostic(error, lines, at < 0 ? tokens : tokens.slice(0, at));
    diagnostics.push(found);
    if (at < 0 || diagnostics.length >= maxParseErrors) break;
    const blockLeftOpen = found.message.startsWith("expected `}` to close");
    const inBlock = blockLeftOpen ? null : restartInBlock(tokens, lines, at);
    if (inBlock !== null) {
      run = inBlock.run;
      start = inBlock.start;
      continue;
    }
    const restartHere = at > start && startsAt(tokens, at);
    start = restartHere ? at : nextItemStart(tokens, at + 1);
    if (start >= tokens.length) break;
    run = tokens.slice(start);
  }
  return { cst, diagnostics };
}

function startsAt(tokens: readonly IToken[], i: number): boolean {
  return startsItem((n) => tokens[i + n - 1] ?? eofToken);
}

function nextItemStart(tokens: readonly IToken[], from: number): number {
  for (let i = from; i < tokens.length; i++) if (startsAt(tokens, i)) return i;
  return tokens.length;
}

/** Tokens that continue the line before them, so a line starting with one is no place to restart. */
const continuations: readonly TokenType[] = [
  t.And, t.Or, t.Implies, t.Arrow, t.Else, t.Comma, t.RBracket, t.RParen, t.Except, t.CompareOp, t.In, t.Dot, t.Colon,
];

/**
 * Where to restart after an error at `at` inside a `{ … }` block: the first token of a later line, still in the
 * block and outside any open `(` or `[`, that is not a continuation. The run replays the block's opening
 * tokens (from its declaration keyword to `{`) and continues from there. Null when the error is not in a block
 * or the block ends first.
 */
function restartInBlock(tokens: readonly IToken[], lines: LineMap, at: number): { run: IToken[]; start: number } | null {
  const brace = unclosedIndex(tokens, at, "{", "}");
  if (brace < 0) return null;
  let head = brace;
  while (head >= 0 && !startsAt(tokens, head)) head--;
  if (head < 0) return null;
  for (let i = brace + 1; i <= at; i++) if (startsAt(tokens, i)) return null;
  const errorLine = lines.position(tokens[at]!.startOffset).line;
  let depth = 0;
  for (let j = brace + 1; j < tokens.length; j++) {
    const token = tokens[j]!;
    if (j > at) {
      if ((token.tokenType === t.RBrace && depth === 0) || startsAt(tokens, j)) return null;
      const line = lines.position(token.startOffset).line;
      const fresh = depth === 0 && line > errorLine && line > lines.position(tokens[j - 1]!.startOffset).line;
      if (fresh && !continuations.some((type) => tokenMatcher(token, type))) {
        return { run: [...tokens.slice(head, brace + 1), ...tokens.slice(j)], start: j };
      }
    }
    if (token.tokenType === t.LParen || token.tokenType === t.LBracket || token.tokenType === t.LBrace) depth++;
    else if (token.tokenType === t.RParen || token.tokenType === t.RBracket || token.tokenType === t.RBrace) depth = Math.max(0, depth - 1);
  }
  return null;
}

/** The index of the last `open` before `end` that no closer before `end` matches, or -1. */
function unclosedIndex(tokens: readonly IToken[], end: number, open: string, close: string): number {
  let depth = 0;
  for (let i = end - 1; i >= 0; i--) {
    const image = tokens[i]!.image;
    if (image === close) depth++;
    else if (image === open && depth-- === 0) return i;
  }
  return -1;
}

const closers: Readonly<Record<string, readonly [string, string]>> = { "}": ["{", "}"], "]": ["[", "]"], ")": ["(", ")"] };

/** `before` is the tokens before the error; a missing closer points back at the delimiter it should close. */
function toDiagnostic(error: IRecognitionException, lines: LineMap, before: readonly IToken[]): Diagnostic {
  const closer = /^expected `([}\])])` to close/.exec(error.message)?.[1];
  if (closer === undefined) return diagnostic("R0102", errorSpan(error, lines), error.message);
  const [open, close] = closers[closer]!;
  const opener = before[unclosedIndex(before, before.length, open, close)];
  const related = opener === undefined ? {} : { related: [{ span: lines.tokenSpan(opener), message: `\`${opener.image}\` opened here` }] };
  return diagnostic("R0103", errorSpan(error, lines), error.message, related);
}

/** The offending token; at the end of the file, the empty span just after the last token. */
function errorSpan(error: IRecognitionException, lines: LineMap): Span {
  const token = error.token;
  if (token.tokenType !== EOF && !Number.isNaN(token.startOffset)) return lines.tokenSpan(token);
  const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
  const end = previous === undefined || Number.isNaN(previous.startOffset) ? lines.text.length : previous.startOffset + previous.image.length;
  return lines.span(end, end);
}

/**
 * One root cause, one error. A lexical error already explains the syntax errors of its declaration (the parser
 * never saw the character the lexer dropped), so those are dropped up to the next declaration; after an
 * unterminated string, which swallowed the rest of its line, every later syntax error is dropped.
 */
function dropConsequences(syntax: readonly Diagnostic[], lexical: readonly Diagnostic[], tokens: readonly IToken[]): Diagnostic[] {
  const shadows: { from: number; to: number }[] = [];
  for (const lexError of lexical) {
    const from = lexError.span?.start.offset ?? 0;
    const end = lexError.span?.end.offset ?? 0;
    const next = tokens.findIndex((token) => token.startOffset >= end);
    const resume = next < 0 || lexError.code === "R0104" ? tokens.length : nextItemStart(tokens, next);
    shadows.push({ from, to: resume < tokens.length ? tokens[resume]!.startOffset - 1 : Number.POSITIVE_INFINITY });
  }
  const seen = new Set<number>();
  const kept: Diagnostic[] = [];
  for (const error of syntax) {
    const at = error.span?.start.offset ?? -1;
    if (seen.has(at) || shadows.some((shadow) => at >= shadow.from && at <= shadow.to)) continue;
    seen.add(at);
    kept.push(error);
  }
  return kept;
}

function sortByOffset(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => (a.span?.start.offset ?? -1) - (b.span?.start.offset ?? -1));
}

// ---------------------------------------------------------------------------------------------------------
// Programs: a root file and its includes.

/** How the loader reads files: the CLI passes a file-system host, tests and browsers `memoryHost`. */
export interface SourceHost {
  /** The file's text, or null when it does not exist or cannot be read. */
  readFile(path: string): string | null;
  /** The path of `relative` as written in an `include` of `fromFile`. */
  resolve(fromFile: string, relative: string): string;
}

/** A loaded policy: the root file, then each included file once, in include order (depth first). */
export interface Program {
  readonly root: SourceFile;
  readonly files: readonly SourceFile[];
  /** The text of every file, by path, for rendering diagnostics. */
  readonly sources: Readonly<Record<string, string>>;
}

/** Loads `entry` and, recursively, the files it includes; a diamond include is loaded once. */
export function loadProgram(entry: string, host: SourceHost): Result<Program> {
  const files: SourceFile[] = [];
  const sources: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  const loaded = new Set<string>();

  const load = (path: string, stack: readonly string[], via: Include | null): SourceFile | null => {
    const text = host.readFile(path);
    if (text === null) {
      diagnostics.push(
        via === null
          ? diagnostic("R0109", null, `cannot read policy file \`${path}\``)
          : diagnostic("R0109", via.path.span, `cannot find included file \`${via.path.value}\``, {
              notes: [`looked for \`${path}\``],
            }),
      );
      return null;
    }
    loaded.add(path);
    sources[path] = text;
    const parsed = parseSource(text, path);
    if (!parsed.ok) {
      diagnostics.push(...parsed.diagnostics);
      return null;
    }
    const file = parsed.value;
    files.push(file);
    if (via !== null && file.header !== null) {
      diagnostics.push(
        diagnostic("R0110", file.header.span, "an included file cannot have a `policy` header", {
          help: "only the root file names the policy; remove this header",
          related: [{ span: via.span, message: "included here" }],
        }),
      );
    }
    for (const item of file.items) {
      if (item.kind !== "Include") continue;
      const target = host.resolve(path, item.path.value);
      const cycleStart = stack.indexOf(target);
      if (cycleStart >= 0 || target === path) {
        const cycle = [...stack.slice(cycleStart >= 0 ? cycleStart : stack.length), path, target].join(" -> ");
        diagnostics.push(
          diagnostic("R0108", item.span, `include cycle: \`${cycle}\``, {
            help: "remove one of the includes in the cycle; shared declarations can go in a file both include",
          }),
        );
      } else if (stack.length + 1 >= maxIncludeDepth) {
        diagnostics.push(
          diagnostic("R0114", item.span, `includes are nested more than ${maxIncludeDepth} files deep`, {
            help: "include these files from fewer levels, side by side in one file",
          }),
        );
      } else if (!loaded.has(target)) {
        load(target, [...stack, path], item);
      }
    }
    return file;
  };

  const root = load(entry, [], null);
  if (root !== null && root.header === null) {
    diagnostics.push(
      diagnostic("R0111", { ...root.span, end: root.span.start }, "the root file has no `policy` header", {
        help: 'start the file with `policy "name" version 1`',
      }),
    );
  }
  if (root === null || diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: { root, files, sources }, diagnostics: [] };
}

/** A host over an in-memory map of path → text, with POSIX-style relative resolution. */
export function memoryHost(files: Readonly<Record<string, string>>): SourceHost {
  return {
    readFile: (path) => (Object.hasOwn(files, path) ? (files[path] ?? null) : null),
    resolve: (fromFile, relative) => {
      if (relative.startsWith("/")) return normalizePosix(relative);
      const slash = fromFile.lastIndexOf("/");
      return normalizePosix(slash < 0 ? relative : `${fromFile.slice(0, slash + 1)}${relative}`);
    },
  };
}

/** Collapses `.`, `..` and repeated slashes; `..` never climbs above a relative path's start or the root. */
function normalizePosix(path: string): string {
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (segment === ".." && absolute) continue;
    else out.push(segment);
  }
  return (absolute ? "/" : "") + out.join("/");
}
