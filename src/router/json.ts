/**
 * A JSON5 reader that records where every value and key is, so config diagnostics point into the file.
 * claude-code-router parses its config with JSON5; this covers what people write in it: JSON plus `//` and `/* *\/`
 * comments, trailing commas, single-quoted strings, unquoted keys, hex numbers, `+`, leading or trailing `.`,
 * `Infinity` and `NaN`.
 */
import type { Position, Span } from "../diagnostics/diagnostic.js";

/** A value with its span; objects keep members in source order (duplicates included). */
export type JsonNode =
  | { readonly kind: "object"; readonly span: Span; readonly members: readonly JsonMember[] }
  | { readonly kind: "array"; readonly span: Span; readonly items: readonly JsonNode[] }
  | { readonly kind: "string"; readonly span: Span; readonly value: string }
  | { readonly kind: "number"; readonly span: Span; readonly value: number }
  | { readonly kind: "boolean"; readonly span: Span; readonly value: boolean }
  | { readonly kind: "null"; readonly span: Span };

/** One `key: value` of an object. */
export interface JsonMember {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonNode;
}

/** Where and why the text is not JSON5. */
export interface JsonSyntaxError {
  readonly message: string;
  readonly span: Span;
}

export type JsonParse = { readonly ok: true; readonly root: JsonNode } | { readonly ok: false; readonly error: JsonSyntaxError };

class Stop {
  constructor(readonly error: JsonSyntaxError) {}
}

/** Parses `text` (the contents of `file`), recording spans. */
export function parseJson5(text: string, file: string): JsonParse {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const position = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };
  const span = (start: number, end: number): Span => ({ file, start: position(start), end: position(end) });
  let at = 0;

  const fail = (message: string, start = at, end = Math.min(text.length, start + 1)): never => {
    throw new Stop({ message, span: span(start, Math.max(end, start)) });
  };
  const describe = (): string => (at >= text.length ? "the end of the file" : `\`${text[at] ?? ""}\``);

  const skipSpace = (): void => {
    for (;;) {
      const c = text[at];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF" || c === "\u00A0" || c === "\u2028" || c === "\u2029") at++;
      else if (c === "/" && text[at + 1] === "/") {
        while (at < text.length && text[at] !== "\n") at++;
      } else if (c === "/" && text[at + 1] === "*") {
        const close = text.indexOf("*/", at + 2);
        if (close === -1) fail("unterminated comment", at, at + 2);
        at = close + 2;
      } else return;
    }
  };

  const readString = (): string => {
    const quote = text[at];
    const start = at;
    at++;
    let out = "";
    for (;;) {
      const c = text[at];
      if (c === undefined || c === "\n") fail("unterminated string", start, at);
      if (c === quote) {
        at++;
        return out;
      }
      if (c === "\\") {
        const e = text[at + 1];
        at += 2;
        switch (e) {
          case "n": out += "\n"; break;
          case "t": out += "\t"; break;
          case "r": out += "\r"; break;
          case "b": out += "\b"; break;
          case "f": out += "\f"; break;
          case "v": out += "\v"; break;
          case "0": out += "\0"; break;
          case "\n": break;
          case "u": {
            const hex = text.slice(at, at + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("invalid `\\u` escape", at - 2, at + 4);
            out += String.fromCharCode(parseInt(hex, 16));
            at += 4;
            break;
          }
          case "x": {
            const hex = text.slice(at, at + 2);
            if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail("invalid `\\x` escape", at - 2, at + 2);
            out += String.fromCharCode(parseInt(hex, 16));
            at += 2;
            break;
          }
          case undefined: fail("unterminated string", start, at); break;
          default: out += e;
        }
        continue;
      }
      out += c;
      at++;
    }
  };

  const identifier = /[A-Za-z_$][A-Za-z0-9_$]*/y;
  const number = /[+-]?(?:0[xX][0-9a-fA-F]+|Infinity|NaN|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;

  const readValue = (depth: number): JsonNode => {
    if (depth > 512) fail("nesting is too deep");
    skipSpace();
    const start = at;
    const c = text[at];
    if (c === "{") return readObject(depth);
    if (c === "[") return readArray(depth);
    if (c === '"' || c === "'") {
      const value = readString();
      return { kind: "string", span: span(start, at), value };
    }
    number.lastIndex = at;
    const num = number.exec(text);
    if (num !== null) {
      at += num[0].length;
      const body = num[0].replace(/^[+-]/, "");
      const magnitude = /^0[xX]/.test(body) ? parseInt(body, 16) : body === "Infinity" ? Infinity : body === "NaN" ? NaN : Number(body);
      return { kind: "number", span: span(start, at), value: num[0].startsWith("-") ? -magnitude : magnitude };
    }
    identifier.lastIndex = at;
    const word = identifier.exec(text)?.[0];
    if (word === "true" || word === "false") {
      at += word.length;
      return { kind: "boolean", span: span(start, at), value: word === "true" };
    }
    if (word === "null") {
      at += 4;
      return { kind: "null", span: span(start, at) };
    }
    return fail(`expected a value, found ${word === undefined ? describe() : `\`${word}\``}`, start, start + (word?.length ?? 1));
  };

  const readObject = (depth: number): JsonNode => {
    const start = at;
    at++;
    const members: JsonMember[] = [];
    for (;;) {
      skipSpace();
      if (text[at] === "}") {
        at++;
        return { kind: "object", span: span(start, at), members };
      }
      const keyStart = at;
      let key: string;
      if (text[at] === '"' || text[at] === "'") key = readString();
      else {
        identifier.lastIndex = at;
        const word = identifier.exec(text)?.[0];
        if (word === undefined) return fail(`expected a key or \`}\`, found ${describe()}`);
        key = word;
        at += word.length;
      }
      const keySpan = span(keyStart, at);
      skipSpace();
      if (text[at] !== ":") fail(`expected \`:\` after key \`${key}\`, found ${describe()}`);
      at++;
      members.push({ key, keySpan, value: readValue(depth + 1) });
      skipSpace();
      if (text[at] === ",") at++;
      else if (text[at] !== "}") fail(`expected \`,\` or \`}\`, found ${describe()}`);
    }
  };

  const readArray = (depth: number): JsonNode => {
    const start = at;
    at++;
    const items: JsonNode[] = [];
    for (;;) {
      skipSpace();
      if (text[at] === "]") {
        at++;
        return { kind: "array", span: span(start, at), items };
      }
      items.push(readValue(depth + 1));
      skipSpace();
      if (text[at] === ",") at++;
      else if (text[at] !== "]") fail(`expected \`,\` or \`]\`, found ${describe()}`);
    }
  };

  try {
    const root = readValue(0);
    skipSpace();
    if (at < text.length) fail(`unexpected ${describe()} after the end of the value`);
    return { ok: true, root };
  } catch (error) {
    if (error instanceof Stop) return { ok: false, error: error.error };
    throw error;
  }
}

/** The plain value of a node (later duplicate keys win, as in JSON5). */
export function toValue(node: JsonNode): unknown {
  switch (node.kind) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const m of node.members) Object.defineProperty(out, m.key, { value: toValue(m.value), enumerable: true, configurable: true, writable: true });
      return out;
    }
    case "array":
      return node.items.map(toValue);
    case "null":
      return null;
    default:
      return node.value;
  }
}

/** The member of an object node named `key` (the last one, as JSON5 keeps), if any. */
export function member(node: JsonNode | undefined, key: string): JsonMember | undefined {
  if (node?.kind !== "object") return undefined;
  let found: JsonMember | undefined;
  for (const m of node.members) if (m.key === key) found = m;
  return found;
}

/** The node at a path of keys and indices (as zod reports them), if it exists. */
export function nodeAt(root: JsonNode, path: readonly PropertyKey[]): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const step of path) {
    if (node === undefined) return undefined;
    if (node.kind === "array" && typeof step === "number") node = node.items[step];
    else if (node.kind === "object" && typeof step === "string") node = member(node, step)?.value;
    else return undefined;
  }
  return node;
}

/** An RFC 6901 JSON pointer for a path (`/Providers/0/api_key`). */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}
