import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fsHost } from "../../src/cli/fs-host.js";
import { compilePolicy } from "../../src/pipeline/compile.js";
import { evaluate, normalizePath, pathContext, pathViews } from "../../src/runtime/index.js";
import type { Table } from "../../src/runtime/types.js";
import { defaultTable, globSet, input, withTable } from "./tables.js";

/** The default policy plus non-ASCII patterns, so NFC normalization is observable. */
const corpusTable = withTable({
  globsets: {
    ...defaultTable.globsets,
    unicode: globSet("unicode", "deny", [
      ["**/clé.txt", ["basename", "clé.txt"]],
      ["~/Documents/privé/**", ["prefix", "~/documents/privé"]],
    ]),
  },
});

interface Case {
  readonly path: string | { path: string; real: string };
  readonly home?: string;
  readonly cwd?: string;
  readonly platform?: "linux" | "darwin" | "win32";
}

const linux: Case[] = [
  { path: "~/.ssh/id_rsa" },
  { path: "~/.ssh//id_rsa" },
  { path: "~//.ssh/id_rsa" },
  { path: "~/.ssh/id_ed25519", home: "/home/u" },
  { path: "/home/u/./.ssh/../.ssh/id_rsa" },
  { path: "/home/u/.ssh/id_ed25519", home: "/home/u" },
  { path: "/home/u//.ssh///config" },
  { path: "$HOME/.gnupg/x" },
  { path: "$HOME/.gnupg/x", home: "/home/u" },
  { path: "${HOME}/.gnupg/pubring.kbx", home: "/home/u" },
  { path: "~/.aws/credentials" },
  { path: "/home/u/.aws/credentials" },
  { path: "/home/u/.aws/./credentials" },
  { path: "/home/u/.aws/x/../credentials" },
  { path: "/root/.ssh/id_rsa" },
  { path: "/root/.aws/credentials" },
  { path: ".ssh/id_rsa", cwd: "/home/u" },
  { path: "../.ssh/known_hosts", cwd: "/home/u/proj" },
  { path: "./../../u/.ssh/x", cwd: "/home/u/a" },
  { path: "credentials", cwd: "/srv/ci/.aws", home: "/srv/ci" },
  { path: ".aws/credentials", cwd: "~", home: "/home/u" },
  { path: "proj/.env" },
  { path: "/srv/app/.env" },
  { path: ".env" },
  { path: "./.env" },
  { path: ".env.local" },
  { path: "config/.env.production" },
  { path: "/etc/ssl/private/server.pem" },
  { path: "key.PEM" },
  { path: "id_rsa" },
  { path: "backup/id_rsa.old" },
  { path: "~/.SSH/ID_RSA" },
  { path: "/home/u/.ssh" },
  { path: "~/.ssh" },
  { path: "/home/other/.ssh/id_rsa", home: "/home/u" },
  { path: "/home/u/../u/.ssh/id_rsa" },
  { path: "/../../home/u/.ssh/id_rsa" },
  { path: "~/.gnupg/private-keys-v1.d/abc.key" },
  { path: "~/.ssh/id_rsa", home: "/home/u/" },
  { path: "/opt/u/.ssh/id_rsa", home: "/opt/u" },
  { path: "/data/homes/u/.aws/credentials", home: "/data/homes/u/./" },
  { path: { path: "notes.txt", real: "/home/u/.ssh/id_rsa" } },
  { path: { path: "~/.gnupg/key", real: "/tmp/elsewhere" } },
];

const macos: Case[] = [
  { path: "/Users/bob/.ssh/id_rsa", platform: "darwin" },
  { path: "/users/bob/.SSH/id_rsa", platform: "darwin" },
  { path: "/Users/bob/.aws/credentials", platform: "darwin" },
  { path: "/Users/bob/Library/../.ssh/config", platform: "darwin" },
  { path: "/Users/bob/.gnupg/trustdb.gpg", platform: "darwin" },
  { path: "~/.aws/credentials", home: "/Users/bob", platform: "darwin" },
  { path: "/Users/José/.aws/credentials".normalize("NFD"), home: "/Users/José", platform: "darwin" },
  { path: "/Users/bob/notes/cle\u0301.txt", platform: "darwin" },
  { path: "~/Documents/prive\u0301/diary.md", home: "/Users/bob", platform: "darwin" },
  { path: "/Users/bob/DOCUMENTS/PRIVÉ/x", platform: "darwin" },
  { path: "/Users/bob/.env.", platform: "darwin" },
  { path: "/Users/bob/proj/.ENV", platform: "darwin" },
  { path: "Proj/.Env.Local", cwd: "/Users/bob", platform: "darwin" },
];

const windows: Case[] = [
  { path: "C:\\Users\\Bob\\.SSH\\id_rsa" },
  { path: "c:/users/bob/.ssh/id_rsa" },
  { path: "C:\\\\Users\\\\bob\\\\.aws\\\\credentials" },
  { path: "\\\\?\\C:\\Users\\bob\\.aws\\credentials" },
  { path: "\\\\.\\C:\\Users\\bob\\.ssh\\config" },
  { path: "%USERPROFILE%\\.aws\\credentials", home: "C:\\Users\\bob" },
  { path: "%USERPROFILE%\\.ssh\\id_ed25519" },
  { path: "C:\\Users\\bob\\.ssh.\\id_rsa" },
  { path: "C:\\Users\\bob\\.ssh \\known_hosts" },
  { path: "C:\\Users\\bob\\proj\\.env." },
  { path: "C:\\Users\\bob\\proj\\.env " },
  { path: "C:\\Users\\bob\\proj\\.env::$DATA" },
  { path: "C:\\Users\\bob\\proj\\.env:secret" },
  { path: "C:\\Users\\bob\\proj\\.env. . ::$DATA" },
  { path: "C:\\proj\\server.pem::$DATA" },
  { path: "\\\\server\\share\\home\\.env" },
  { path: "\\\\?\\UNC\\server\\share\\x\\id_rsa" },
  { path: "C:\\Users\\bob\\.aws\\CREDENTIALS" },
  { path: ".\\.aws\\credentials", cwd: "C:\\Users\\bob" },
  { path: "..\\..\\.ssh\\id_rsa", cwd: "C:\\Users\\bob\\a\\b" },
  { path: "C:.ssh\\id_rsa", cwd: "C:\\Users\\bob" },
  { path: "c:\\users\\bob\\.ssh\\..\\.ssh\\.\\id_rsa" },
  { path: "C:\\x\\id_rsa." },
  { path: "C:\\x\\key.pem  ." },
  { path: "C:\\Users\\bob\\AppData\\..\\.gnupg\\x" },
  { path: "$HOME\\.gnupg\\x", home: "C:\\Users\\bob" },
  { path: "~\\.ssh\\id_rsa" },
  { path: "D:\\work\\.aws\\credentials", home: "D:\\work" },
  { path: "c:/USERS/bob/.aws/credentials", platform: "win32" },
];

const allowed: Case[] = [
  { path: "src/app.ts" },
  { path: "/home/u/proj/.env.example" },
  { path: "~/.ssh/../notes.txt" },
  { path: "/home/u/.sshx/id" },
  { path: "/home/u/proj/id_rsa.pub" },
  { path: "/home/u/.aws/config" },
  { path: "/srv/home/u/.aws/credentials.txt" },
  { path: "C:\\Users\\bob\\proj\\environment.ts" },
];

function deniedIn(table: Table, c: Case): boolean {
  const extra = { ...(c.home === undefined ? {} : { home: c.home }), ...(c.cwd === undefined ? {} : { cwd: c.cwd }), ...(c.platform === undefined ? {} : { platform: c.platform }) };
  const d = evaluate(table, input({ files: [c.path], ...extra }));
  expect(d.error).toBeNull();
  return d.denied.length > 0 && d.target === "remote";
}

describe("paths", () => {
  it("has a corpus of at least 60 tricky secret spellings", () => {
    expect(linux.length + macos.length + windows.length).toBeGreaterThanOrEqual(60);
  });

  it.each([...linux, ...macos, ...windows].map((c) => [JSON.stringify(c), c] as const))("denies %s", (_, c) => {
    expect(deniedIn(corpusTable, c)).toBe(true);
  });

  it.each(allowed.map((c) => [JSON.stringify(c), c] as const))("does not deny %s", (_, c) => {
    expect(deniedIn(corpusTable, c)).toBe(false);
  });

  it("keeps case when the table matches case-sensitively", () => {
    const sensitive = withTable({ options: { ...defaultTable.options, case: "sensitive" } });
    expect(deniedIn(sensitive, { path: "/home/u/.SSH/id" })).toBe(false);
    expect(deniedIn(sensitive, { path: "/home/u/.ssh/id" })).toBe(true);
  });
});

describe("normalizePath", () => {
  const ctx = (home?: string, cwd?: string, fold = true) => pathContext(home, cwd, fold);

  it("returns null when the path is empty or has a nul byte", () => {
    expect(normalizePath("", ctx())).toBeNull();
    expect(normalizePath("a\0b", ctx())).toBeNull();
  });

  it("normalizes windows spellings to one lowercase drive path", () => {
    expect(normalizePath("\\\\?\\C:\\Users\\Bob\\.aws\\credentials::$DATA", ctx())).toBe("c:/users/bob/.aws/credentials");
    expect(normalizePath("C:\\Users\\Bob\\x. ", ctx(undefined, undefined, false))).toBe("c:/Users/Bob/x");
  });

  it("keeps a unc server and share as a root that dot-dot cannot climb", () => {
    expect(normalizePath("\\\\srv\\share\\..\\..\\x", ctx())).toBe("//srv/share/x");
    expect(normalizePath("\\\\?\\UNC\\srv\\share\\a", ctx())).toBe("//srv/share/a");
  });

  it("keeps the home root when the input gives no home", () => {
    expect(normalizePath("$HOME/../.ssh", ctx())).toBe("~/.ssh");
    expect(normalizePath("~", ctx())).toBe("~");
    expect(normalizePath("~bob/x", ctx())).toBe("~bob/x");
  });

  it("joins a relative path to the cwd and drops leading dot-dot of a relative path", () => {
    expect(normalizePath("a/../b", ctx(undefined, "/w/p"))).toBe("/w/p/b");
    expect(normalizePath("../../x", ctx())).toBe("x");
    expect(normalizePath("src/a.ts", ctx("/home/u", "~/proj"))).toBe("/home/u/proj/src/a.ts");
  });

  it("reads a drive-like first segment as a file name under a posix cwd and as a drive under a windows one", () => {
    expect(normalizePath("b:x/src", ctx(undefined, "/home/u/.ssh"))).toBe("/home/u/.ssh/b/src");
    expect(normalizePath("b:x/src", ctx(undefined, "d:/w"))).toBe("b:/x/src");
    expect(normalizePath("d:x/src", ctx(undefined, "d:/w"))).toBe("d:/w/x/src");
  });

  it("denies a drive-like relative name inside a denied posix cwd", () => {
    const d = evaluate(defaultTable, input({ files: ["b:x/src"], cwd: "/home/u/.ssh", platform: "linux" }));
    expect(d.target).toBe("remote");
    expect(d.denied.length).toBe(1);
  });

  it("composes unicode to nfc", () => {
    expect(normalizePath("e\u0301", ctx())).toBe("\u00e9");
  });
});

describe("pathViews", () => {
  it("adds a home view for the input home and for conventional homes", () => {
    expect(pathViews("/home/u/.ssh/x", "/home/u")).toEqual(["/home/u/.ssh/x", "~/.ssh/x"]);
    expect(pathViews("/data/u/.ssh/x", "/data/u")).toEqual(["/data/u/.ssh/x", "~/.ssh/x"]);
    expect(pathViews("c:/users/bob", null)).toEqual(["c:/users/bob", "~"]);
    expect(pathViews("/root/.aws/credentials", null)).toEqual(["/root/.aws/credentials", "~/.aws/credentials"]);
    expect(pathViews("/rooted/x", null)).toEqual(["/rooted/x"]);
    expect(pathViews("/home", null)).toEqual(["/home"]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Normalization never weakens a deny

interface Base {
  readonly segs: readonly string[];
  /** How many leading segments form the home (`/home/u` is 2). */
  readonly homeLen: number;
  readonly drive: boolean;
}

const bases: Base[] = [
  { segs: ["home", "u", ".ssh", "id_rsa"], homeLen: 2, drive: false },
  { segs: ["home", "u", ".gnupg", "private-keys-v1.d", "k.key"], homeLen: 2, drive: false },
  { segs: ["Users", "bob", ".aws", "credentials"], homeLen: 2, drive: false },
  { segs: ["srv", "app", "config", ".env"], homeLen: 0, drive: false },
  { segs: ["srv", "app", ".env.production"], homeLen: 0, drive: false },
  { segs: ["etc", "tls", "server.pem"], homeLen: 0, drive: false },
  { segs: ["c:", "Users", "Bob", ".ssh", "config"], homeLen: 3, drive: true },
  { segs: ["c:", "work", "keys", "id_rsa.bak"], homeLen: 0, drive: true },
];

const variant = fc.record({
  base: fc.constantFrom(...bases),
  // per segment: extra `./`, `x/..`, trailing dots or spaces, case flips, and the separator before it
  edits: fc.array(
    fc.record({
      dot: fc.boolean(),
      detour: fc.boolean(),
      trail: fc.constantFrom("", ".", " ", ". ", "..", "  "),
      upper: fc.array(fc.boolean(), { maxLength: 24 }),
      sep: fc.constantFrom("/", "\\", "//", "\\\\", "/\\"),
    }),
    { minLength: 6, maxLength: 6 },
  ),
  home: fc.constantFrom("literal", "~", "$HOME", "${HOME}", "%USERPROFILE%"),
  giveHome: fc.boolean(),
  stream: fc.constantFrom("", "::$DATA", ":zone"),
});

type Variant = typeof variant extends fc.Arbitrary<infer V> ? V : never;

function spell(v: Variant): { path: string; home?: string } {
  const { base, edits } = v;
  const flip = (s: string, upper: readonly boolean[]) => [...s].map((ch, i) => (upper[i] === true ? ch.toUpperCase() : ch)).join("");
  const useHome = v.home !== "literal" && base.homeLen > 0;
  const homePath = (base.drive ? "" : "/") + base.segs.slice(0, base.homeLen).join("/");
  const segs = useHome ? base.segs.slice(base.homeLen) : base.segs;
  let out = useHome ? v.home : base.drive ? "" : "/";
  segs.forEach((seg, i) => {
    const e = edits[i % edits.length];
    if (e === undefined) return;
    const first = i === 0 && !useHome;
    const sep = first ? "" : e.sep;
    const last = i === segs.length - 1;
    // the drive stays first so the path stays absolute; the rest may be detoured and decorated
    const body = first && base.drive ? seg : flip(seg, e.upper) + (last ? v.stream : "") + e.trail;
    out += sep + (first ? "" : (e.dot ? "./" : "") + (e.detour ? "zz/../" : "")) + body;
  });
  const home = useHome && (v.giveHome || v.home === "%USERPROFILE%") ? { home: homePath } : {};
  return { path: out, ...home };
}

describe("normalization", () => {
  it("never weakens a deny when a denied path is respelled", () => {
    fc.assert(
      fc.property(variant, (v) => {
        const { path, home } = spell(v);
        const d = evaluate(defaultTable, input({ files: [path], ...(home === undefined ? {} : { home }) }));
        return d.error === null && d.target === "remote" && d.denied.length === 1;
      }),
      { numRuns: 3000 },
    );
  });
});

describe("paths with the compiled default policy", () => {
  const compiled = compilePolicy(join(import.meta.dirname, "../../policies/default.route"), fsHost());

  it("compiles policies/default.route", () => {
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(compiled.table).not.toBeNull();
  });

  // the unicode cases need the extra set of `corpusTable`
  const plain = [...linux, ...macos, ...windows].filter((c) => !/documents|\.txt/i.test(JSON.stringify(c)));

  it.each(plain.map((c) => [JSON.stringify(c), c] as const))("denies %s", (_, c) => {
    if (compiled.table === null) throw new Error("no table");
    expect(deniedIn(compiled.table, c)).toBe(true);
  });

  it("routes a respelled denied path remote under the compiled table", () => {
    const table = compiled.table;
    if (table === null) throw new Error("no table");
    fc.assert(
      fc.property(variant, (v) => {
        const { path, home } = spell(v);
        const d = evaluate(table, input({ files: [path], ...(home === undefined ? {} : { home }) }));
        return d.error === null && d.target === "remote" && d.denied.length >= 1;
      }),
      { numRuns: 1000 },
    );
  });
});

describe("normalizePath fast path", () => {
  it("gives the same result as the full parse for relative paths", () => {
    const alphabet = fc.constantFrom("a", "B", ".", " ", "/", "\\", ":", "~", "é", "-", "_");
    fc.assert(
      fc.property(fc.string({ unit: alphabet, minLength: 1, maxLength: 24 }), fc.constantFrom(undefined, "/w/p", "/", "C:\\x", "rel/dir", "."), fc.boolean(), (raw, cwd, fold) => {
        fc.pre(!/^[/\\~$%]/.test(raw) && !/^[a-zA-Z]:/.test(raw));
        const ctx = pathContext("/home/u", cwd, fold);
        // a leading `./` always takes the full parse and names the same file
        expect(normalizePath(raw, ctx)).toBe(normalizePath(`./${raw}`, ctx));
      }),
      { numRuns: 3000 },
    );
  });
});
