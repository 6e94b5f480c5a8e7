/**
 * Path normalization and path views exactly as docs/semantics.md states them, written plainly (split on `/`,
 * push and pop segments). Independent of the runtime's normalizer: translation validation compares the two.
 */

/** A normalized path: its root (`/`, `c:/`, `//`, `~/`, or `""` when relative) and its segments. */
interface NormalPath {
  readonly root: string;
  readonly segments: readonly string[];
}

const homeTokens = ["${HOME}", "$HOME", "%USERPROFILE%", "~"];

function splitRoot(path: string): NormalPath {
  const drive = /^([A-Za-z]):(\/|$)/.exec(path);
  if (drive) return { root: `${(drive[1] as string).toLowerCase()}:/`, segments: path.slice(drive[0].length).split("/") };
  if (path.startsWith("//?/") || path.startsWith("//./")) {
    const rest = path.slice(4);
    return /^unc\//i.test(rest) ? { root: "//", segments: rest.slice(4).split("/") } : splitRoot(rest);
  }
  if (path.startsWith("//")) return { root: "//", segments: path.slice(2).split("/") };
  if (path.startsWith("/")) return { root: "/", segments: path.slice(1).split("/") };
  if (path === "~" || path.startsWith("~/")) return { root: "~/", segments: path.slice(2).split("/") };
  return { root: "", segments: path.split("/") };
}

/** Drops `.`, pops on `..` (never above the root), strips Windows trailing dots/spaces and stream suffixes. */
function cleanSegments(segments: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of segments) {
    if (raw === "" || raw === ".") continue;
    if (raw === "..") {
      out.pop();
      continue;
    }
    const colon = raw.indexOf(":");
    const withoutStream = colon >= 0 ? raw.slice(0, colon) : raw;
    const trimmed = withoutStream.replace(/[. ]+$/, "");
    if (trimmed !== "") out.push(trimmed);
  }
  return out;
}

function render(path: NormalPath): string {
  return path.root + path.segments.join("/");
}

/** Replaces a leading home token by `home` (already slash-converted), or by the `~` root when there is none. */
function expandHome(path: string, home: string | null): string {
  for (const token of homeTokens) {
    if (path === token || path.startsWith(`${token}/`)) {
      const rest = path.slice(token.length);
      return home === null ? `~${rest}` : `${home}${rest}`;
    }
  }
  return path;
}

function toSlashes(path: string): string {
  return path.normalize("NFC").replace(/\\/g, "/");
}

/** Normalizes one path (steps 1–7 of the semantics; the NUL check is part of input validation). */
export function normalizePath(path: string, cwd: string | null, home: string | null, fold: boolean): string {
  const homeText = home === null ? null : toSlashes(home);
  const expanded = expandHome(toSlashes(path), homeText);
  let normal = splitRoot(expanded);
  if (normal.root === "" && cwd !== null) {
    const base = splitRoot(expandHome(toSlashes(cwd), homeText));
    normal = { root: base.root, segments: [...base.segments, ...normal.segments] };
  }
  const text = render({ root: normal.root, segments: cleanSegments(normal.segments) });
  return fold ? text.toLowerCase() : text;
}

/**
 * The home-relative views of a normalized path: `~/rest` for the given home and every conventional home. The
 * conventional homes are recognized whatever their case, since a missed home could only miss a denial.
 */
function homeViews(path: string, home: string | null): string[] {
  const views: string[] = [];
  const under = (prefix: string): void => {
    if (path === prefix) views.push("~");
    else if (path.startsWith(`${prefix}/`)) views.push(`~/${path.slice(prefix.length + 1)}`);
  };
  if (home !== null) under(home);
  for (const re of [/^(\/home\/[^/]+)/i, /^(\/users\/[^/]+)/i, /^(\/root)(?=\/|$)/i, /^(c:\/users\/[^/]+)/i]) {
    const m = re.exec(path);
    if (m) under(m[1] as string);
  }
  return views;
}

/** Every view a file path is matched in: the normalized path, then its home-relative spellings, deduplicated. */
export function pathViews(path: string, cwd: string | null, home: string | null, fold: boolean): string[] {
  const normalized = normalizePath(path, cwd, home, fold);
  const normalizedHome = home === null ? null : normalizePath(home, null, null, fold);
  const views = [normalized, ...homeViews(normalized, normalizedHome === "~/" ? null : normalizedHome)];
  return [...new Set(views)];
}
