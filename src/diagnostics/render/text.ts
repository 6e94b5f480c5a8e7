/**
 * The human format, after rustc and Elm: a header with severity and code, the location, the source line with the
 * span underlined, then help and notes; related locations follow as secondary snippets; a summary line ends it.
 */
import type { Diagnostic, Severity, Span } from "../diagnostic.js";
import type { Sources } from "./source.js";
import { displayPath, lineOf, summaryLine } from "./source.js";

export interface TextOptions {
  /** ANSI colours (off for pipes and `--no-color`). */
  readonly color?: boolean;
  /** Paths are shown relative to this directory. */
  readonly root?: string;
  /** End with the `N errors, M warnings` line (default true). */
  readonly summary?: boolean;
}

type Paint = (style: keyof typeof styles, text: string) => string;

const styles = { error: "1;31", warning: "1;33", info: "1;36", gutter: "1;34", bold: "1", secondary: "1;34" } as const;

function painter(color: boolean): Paint {
  return color ? (style, text) => `\u001b[${styles[style]}m${text}\u001b[0m` : (_, text) => text;
}

/**
 * How source text is shown in an excerpt: tabs as four spaces (a tab would misalign the underline), and control,
 * bidirectional-override and other invisible characters as `\u{…}` escapes, so a hostile or binary file cannot
 * move the cursor, recolour the terminal or hide text between the line and its underline.
 */
function shown(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu, (c) =>
    c === "\t" ? "    " : `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );
}

/** Messages quote user input (a string of the policy can hold any character): shown like source, line breaks kept. */
function shownLines(text: string): string {
  return text.split("\n").map((line) => shown(line.replace(/`([^`]{121,})`/g, (_, quoted: string) => `\`${elided(quoted)}\``))).join("\n");
}

/** A quoted name of 64 KB is still one name: its start and end identify it. */
function elided(text: string): string {
  const chars = Array.from(text);
  return chars.length <= 120 ? text : `${chars.slice(0, 60).join("")}…${chars.slice(-59).join("")}`;
}

/** Excerpts are cut to about this many columns around the span: a minified or generated line can be megabytes. */
const excerptWidth = 120;
const leadWidth = 40;

/** The line as shown: before the span, under it, after it; long parts are elided with `…`. */
function excerpt(before: string, under: string, after: string): [string, string, string] {
  if (before.length + under.length + after.length <= excerptWidth) return [before, under, after];
  const chars = (text: string): string[] => Array.from(text);
  const lead = chars(before);
  const b = lead.length > leadWidth ? `…${lead.slice(-(leadWidth - 1)).join("")}` : before;
  const body = chars(under);
  const u = body.length > excerptWidth - leadWidth ? `${body.slice(0, excerptWidth - leadWidth - 1).join("")}…` : under;
  const room = Math.max(0, excerptWidth - b.length - u.length);
  const tail = chars(after);
  const a = tail.length > room ? `${tail.slice(0, Math.max(0, room - 1)).join("")}…` : after;
  return [b, u, a];
}

function snippet(span: Span, sources: Sources, paint: Paint, mark: string, style: keyof typeof styles, label: string, width: number): string[] {
  const text = sources[span.file];
  if (text === undefined) return [];
  const line = lineOf(text, span.start.line);
  const endColumn = span.end.line === span.start.line ? span.end.column : line.length + 1;
  const [before, under, after] = excerpt(
    shown(line.slice(0, span.start.column - 1)),
    shown(line.slice(span.start.column - 1, endColumn - 1)),
    shown(line.slice(endColumn - 1)),
  );
  const gutter = paint("gutter", `${" ".repeat(width)} |`);
  const number = paint("gutter", `${String(span.start.line).padStart(width)} |`);
  const marks = mark.repeat(Math.max(1, under.length));
  return [gutter, `${number} ${before}${under}${after}`, `${gutter} ${" ".repeat(before.length)}${paint(style, marks)}${label === "" ? "" : ` ${paint(style, label)}`}`];
}

function location(span: Span, root: string | undefined, paint: Paint, width: number): string {
  return `${" ".repeat(width)}${paint("gutter", "-->")} ${displayPath(span.file, root)}:${span.start.line}:${span.start.column}`;
}

function renderOne(d: Diagnostic, sources: Sources, paint: Paint, root: string | undefined): string {
  const spans = [d.span, ...(d.related ?? []).map((r) => r.span)].filter((s): s is Span => s !== null);
  const width = Math.max(1, ...spans.map((s) => String(s.start.line).length));
  const severity: Severity = d.severity;
  const lines = [`${paint(severity, `${severity}[${d.code}]`)}${paint("bold", `: ${shownLines(d.message)}`)}`];
  if (d.span !== null) {
    lines.push(location(d.span, root, paint, width));
    lines.push(...snippet(d.span, sources, paint, "^", severity, "", width));
  }
  const pad = " ".repeat(width);
  const trailer: string[] = [];
  if (d.help !== undefined) trailer.push(`${pad} ${paint("gutter", "=")} ${paint("bold", "help")}: ${shownLines(d.help)}`);
  for (const note of d.notes ?? []) trailer.push(`${pad} ${paint("gutter", "=")} ${paint("bold", "note")}: ${shownLines(note)}`);
  if (trailer.length > 0 && d.span !== null) lines.push(paint("gutter", `${pad} |`));
  lines.push(...trailer);
  for (const related of d.related ?? []) {
    lines.push(`${paint("secondary", "note")}${paint("bold", `: ${shownLines(related.message)}`)}`);
    lines.push(location(related.span, root, paint, width));
    lines.push(...snippet(related.span, sources, paint, "-", "secondary", "", width));
  }
  return `${lines.join("\n")}\n`;
}

/** Renders diagnostics for a terminal, each followed by a blank line, then `N errors, M warnings`. */
export function renderText(diagnostics: readonly Diagnostic[], sources: Sources, options: TextOptions = {}): string {
  if (diagnostics.length === 0) return "";
  const paint = painter(options.color ?? false);
  const body = diagnostics.map((d) => `${renderOne(d, sources, paint, options.root)}\n`).join("");
  return options.summary === false ? body : `${body}${paint("bold", summaryLine(diagnostics))}\n`;
}
