/**
 * Timestamped backups of the claude-code-router config in `<config dir>/backups/`, private to the user (0600), with
 * retention. The clock is injected so tests name backups deterministically.
 */
import { chmod, mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Result } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";

/** One backup file. */
export interface BackupEntry {
  readonly name: string;
  readonly path: string;
}

// `config.2026-11-27T05-15-24.123Z.json`, then `…Z_1.json` for a second backup in the same millisecond: names sort
// in time order (`_` sorts after `.`).
const backupPattern = /^config\.(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z)(?:_(\d+))?\.json$/;

/** The directory backups of `configPath` go to. */
export function backupDirFor(configPath: string): string {
  return join(dirname(configPath), "backups");
}

/** The file name of a backup taken at `date` (the `n`th in that millisecond). */
export function backupFileName(date: Date, n = 0): string {
  return `config.${date.toISOString().replaceAll(":", "-")}${n === 0 ? "" : `_${n}`}.json`;
}

function order(a: string, b: string): number {
  const ma = backupPattern.exec(a);
  const mb = backupPattern.exec(b);
  const ta = ma?.[1] ?? "";
  const tb = mb?.[1] ?? "";
  if (ta !== tb) return ta < tb ? -1 : 1;
  return Number(ma?.[2] ?? 0) - Number(mb?.[2] ?? 0);
}

/** The backups of `configPath`, oldest first; none when the directory does not exist. */
export async function listBackups(configPath: string): Promise<BackupEntry[]> {
  const dir = backupDirFor(configPath);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => backupPattern.test(n))
    .sort(order)
    .map((name) => ({ name, path: join(dir, name) }));
}

/** What a backup did: the new file and the old ones retention removed. */
export interface BackupOutcome {
  readonly path: string;
  readonly removed: readonly string[];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Copies the config to a new backup (mode 0600), then keeps only the newest `keep` backups. */
export async function backupRouterConfig(configPath: string, options: { readonly now: () => Date; readonly keep: number }): Promise<Result<BackupOutcome>> {
  let content: Buffer;
  try {
    content = await readFile(configPath);
  } catch (error) {
    return { ok: false, diagnostics: [diagnostic("R0713", null, `cannot read \`${configPath}\`: ${message(error)}`)] };
  }
  const dir = backupDirFor(configPath);
  const date = options.now();
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    let path = "";
    for (let n = 0; path === ""; n++) {
      const candidate = join(dir, backupFileName(date, n));
      try {
        await writeFile(candidate, content, { mode: 0o600, flag: "wx" });
        path = candidate;
      } catch (error) {
        if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
      }
    }
    // The mode given at creation is narrowed by the umask only; chmod makes 0600 exact on every platform that has it.
    await chmod(path, 0o600);
    const all = await listBackups(configPath);
    const removed = all.slice(0, Math.max(0, all.length - options.keep)).map((b) => b.path);
    for (const old of removed) await unlink(old);
    return { ok: true, value: { path, removed }, diagnostics: [] };
  } catch (error) {
    return { ok: false, diagnostics: [diagnostic("R0716", null, `cannot write a backup in \`${dir}\`: ${message(error)}`)] };
  }
}

/** The newest backup of `configPath`, if any. */
export async function latestBackup(configPath: string): Promise<BackupEntry | undefined> {
  const all = await listBackups(configPath);
  return all[all.length - 1];
}

/** A label for diffs: `backups/<name>`. */
export function backupLabel(entry: BackupEntry): string {
  return `backups/${basename(entry.path)}`;
}
