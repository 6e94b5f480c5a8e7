/**
 * Path normalization and path views (docs/semantics.md, "Paths and deny sets"). Every step only ever maps
 * spellings of the same file to one string, so a deny written for one spelling holds for all of them.
 */

/** Where a path is resolved: the input's home and cwd, already normalized, and whether to fold case. */
export interface PathContext {
  readonly home: string | null;
  /** The input's home, folded like the paths, for the `~/` view. */
  readonly viewHome: string | null;
  readonly cwd: Parsed | null;
  /** `cwd` rendered, unfolded. */
  readonly cwdText: string;
  readonly fold: boolean;
}

const HOME_SPELLINGS = ["~", "$HOME", "${HOME}", "%USERPROFILE%"];

/** Drops an NTFS stream suffix and Windows trailing dots and spaces; `.` and `..` stay navigation. */
function cleanSegment(seg: string): string {
  const colon = seg.indexOf(":");
  if (colon >= 0) seg = seg.slice(0, colon);
  if (seg === "." || seg === "..") return seg;
  let end = seg.length;
  while (end > 0 && (seg.charCodeAt(end - 1) === 46 || seg.charCodeAt(end - 1) === 32)) end--;
  return end === seg.length ? seg : seg.slice(0, end);
}

function isDriveAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i) | 32;
  return c >= 97 && c <= 122 && s.charCodeAt(i + 1) === 58;
}

/** A parsed path: a root (`/`, `//` for UNC, or none) and segments, of which the first `fixed` never pop. */
export interface Parsed {
  root: string;
  segs: string[];
  fixed: number;
}

function push(p: Parsed, rest: string): void {
  const parts = rest.split("/");
  for (let i = 0; i < parts.length; i++) {
    const seg = cleanSegment(parts[i] ?? "");
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      // INVARIANT: `..` never climbs above the root (or the start of a relative path), so it cannot escape a deny.
      if (p.segs.length > p.fixed) p.segs.pop();
      continue;
    }
    p.segs.push(seg);
  }
}

/** A parsed path with `root`, the first `segs` and `fixed`, then `rest` pushed. */
function make(root: string, segs: readonly string[], fixed: number, rest: string): Parsed {
  const p: Parsed = { root, segs: segs.slice(), fixed };
  push(p, rest);
  return p;
}

function parse(raw: string, home: string | null, cwd: Parsed | null): Parsed {
  let s = raw.normalize("NFC").replaceAll("\\", "/");
  if (s.startsWith("//?/") || s.startsWith("//./")) {
    s = s.slice(4);
    if (s.slice(0, 4).toLowerCase() === "unc/") s = "//" + s.slice(4);
  }
  for (const spelling of HOME_SPELLINGS) {
    if (s.startsWith(spelling) && (s.length === spelling.length || s.charCodeAt(spelling.length) === 47)) {
      const rest = s.slice(spelling.length);
      if (home === null) return make("", ["~"], 1, rest);
      s = home + rest;
      break;
    }
  }
  // The server and share of a UNC path are its root: `..` never pops them.
  if (s.startsWith("//")) return make("//", [], 2, s.slice(2));
  if (s.startsWith("/")) return make("/", [], 0, s);
  // Under a POSIX cwd, `b:x` is a file name, not drive b: (reading it as a drive could miss a denied cwd).
  if (isDriveAt(s, 0) && (s.charCodeAt(2) === 47 || cwd?.root !== "/")) {
    const drive = s.slice(0, 2).toLowerCase();
    // `c:rel` is relative to the cwd of drive c: only the cwd can say where that is; without it, the drive root.
    if (s.charCodeAt(2) !== 47 && cwd !== null && cwd.segs[0] === drive) return make(cwd.root, cwd.segs, cwd.fixed, s.slice(2));
    return make("", [drive], 1, s.slice(2));
  }
  return cwd === null ? make("", [], 0, s) : make(cwd.root, cwd.segs, cwd.fixed, s);
}

function render(p: Parsed, fold: boolean): string {
  const s = p.root + p.segs.join("/");
  return fold ? s.toLowerCase() : s;
}

/**
 * Normalizes a path: NFC, `\` to `/`, drive letters lowercased, UNC and `\\?\` prefixes, home spellings,
 * relative to `cwd`, `.`/`..`/repeated slashes, trailing dots and spaces and stream suffixes per segment,
 * then case folding. Returns null for a path that names no file (empty, or with a NUL byte).
 */
export function normalizePath(raw: string, ctx: PathContext): string | null {
  if (raw === "" || raw.includes("\0")) return null;
  // A drive path (`C:\x\y`, `c:/x`) plain after its drive only needs its drive letter lowered and `\` turned.
  const drive = isDriveAt(raw, 0) && (raw.charCodeAt(2) === 47 || raw.charCodeAt(2) === 92);
  const d = drive ? raw.replaceAll("\\", "/") : raw;
  if (plain(d, 0, drive ? 2 : 0) > 0) {
    const base = ctx.cwdText;
    const s = drive || d.charCodeAt(0) === 47 || base === "" ? d : base.endsWith("/") ? base + d : base + "/" + d;
    return ctx.fold ? s.toLowerCase() : drive ? s.slice(0, 2).toLowerCase() + s.slice(2) : s;
  }
  return render(parse(raw, ctx.home, ctx.cwd), ctx.fold);
}

/**
 * Whether normalization would leave `raw` from `from` on as it is (up to joining the cwd): ASCII, no `\`, `:` or
 * home spelling, no empty, `.`, `..` or dot- or space-ended segment, no trailing `/`. Most paths are, and skip
 * `parse`. 0 when not; 1 when, besides, no letter is uppercase and no segment starts with a character whose bit
 * `c & 31` is set in `starts`; else 2.
 */
export function plain(raw: string, starts: number, from = 0): number {
  const first = raw.charCodeAt(0);
  if (first === 126 || first === 36 || first === 37) return 0;
  let prev = 47;
  let kind = 1;
  for (let i = from; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    // Most characters are lowercase letters inside a segment: nothing more to test.
    if (prev !== 47 && c > 96 && c < 123) {
      prev = c;
      continue;
    }
    if (c > 126 || c < 32 || c === 92 || c === 58) return 0;
    if (c === 47 && i > from && (prev === 47 || prev === 46 || prev === 32)) return 0;
    if ((prev === 47 && (starts >>> (c & 31)) & 1) || (c > 64 && c < 91)) kind = 2;
    prev = c;
  }
  return prev !== 47 && prev !== 46 && prev !== 32 ? kind : 0;
}

/**
 * Builds the context for one input: `home` is normalized without home expansion, `cwd` with it. Both keep
 * their case here because `normalizePath` folds once at the end.
 */
export function pathContext(home: string | undefined, cwd: string | undefined, fold: boolean): PathContext {
  const h = home === undefined || home === "" || home.includes("\0") ? null : render(parse(home, null, null), false);
  const c = cwd === undefined || cwd === "" || cwd.includes("\0") ? null : parse(cwd, h, null);
  return { home: h, viewHome: h !== null && fold ? h.toLowerCase() : h, cwd: c, cwdText: c === null ? "" : render(c, false), fold };
}

function under(path: string, dir: string): string | null {
  if (path === dir) return "~";
  return dir !== "" && path.length > dir.length && path.charCodeAt(dir.length) === 47 && path.startsWith(dir) ? "~" + path.slice(dir.length) : null;
}

/** A conventional home at the start of a path, in any case: `/home/<u>`, `/Users/<u>`, `c:/Users/<u>`, `/root`. */
const HOME = /^(?:(?:\/home|\/users|c:\/users)\/[^/]+|\/root(?![^/]))/i;

/**
 * The views a normalized path is matched in: the path itself, then `~/rest` for the input's home and for every
 * conventional home it is under. `foldedHome` must be normalized with the same folding as `path`.
 */
export function pathViews(path: string, foldedHome: string | null): string[] {
  const views = [path];
  const add = (v: string | null): void => {
    if (v !== null && !views.includes(v)) views.push(v);
  };
  if (foldedHome !== null) add(under(path, foldedHome));
  const home = HOME.exec(path);
  if (home !== null) add("~" + path.slice(home[0].length));
  return views;
}
