import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backupFileName, backupRouterConfig, latestBackup, listBackups } from "../../src/router/backup.js";

function configFile(content = '{ "Router": {} }'): string {
  const dir = mkdtempSync(join(tmpdir(), "routec-backup-"));
  const path = join(dir, "config.json");
  writeFileSync(path, content);
  return path;
}

/** A clock that ticks one second per call from 2026-11-27T05:00:00Z. */
function clock(): () => Date {
  let t = Date.parse("2026-11-27T05:00:00.000Z");
  return () => new Date((t += 1000));
}

describe("backupRouterConfig", () => {
  it("names the backup after the injected UTC time with mode 0600", async () => {
    const path = configFile("{ secret }");
    const result = await backupRouterConfig(path, { now: () => new Date("2026-11-27T05:15:24.123Z"), keep: 5 });
    expect(result.ok && result.value.path).toBe(join(path, "..", "backups", "config.2026-11-27T05-15-24.123Z.json"));
    const written = result.ok ? result.value.path : "";
    expect(readFileSync(written, "utf8")).toBe("{ secret }");
    expect(statSync(written).mode & 0o777).toBe(0o600);
  });

  it("keeps the newest n backups when retention removes older ones", async () => {
    const path = configFile();
    const now = clock();
    for (let i = 0; i < 5; i++) await backupRouterConfig(path, { now, keep: 3 });
    expect((await listBackups(path)).map((b) => b.name)).toEqual([
      "config.2026-11-27T05-00-03.000Z.json",
      "config.2026-11-27T05-00-04.000Z.json",
      "config.2026-11-27T05-00-05.000Z.json",
    ]);
  });

  it("adds a suffix that sorts later when two backups share a millisecond", async () => {
    const path = configFile();
    const now = () => new Date("2026-11-27T05:00:00.000Z");
    await backupRouterConfig(path, { now, keep: 10 });
    writeFileSync(path, "second");
    await backupRouterConfig(path, { now, keep: 10 });
    const latest = await latestBackup(path);
    expect(latest?.name).toBe("config.2026-11-27T05-00-00.000Z_1.json");
    expect(readFileSync(latest?.path ?? "", "utf8")).toBe("second");
  });

  it("ignores other files when listing backups", async () => {
    const path = configFile();
    mkdirSync(join(path, "..", "backups"));
    writeFileSync(join(path, "..", "backups", "notes.txt"), "x");
    expect(await listBackups(path)).toEqual([]);
    expect(backupFileName(new Date("2026-01-02T03:04:05.006Z"), 2)).toBe("config.2026-01-02T03-04-05.006Z_2.json");
  });

  it("fails with R0713 when the config is missing", async () => {
    const result = await backupRouterConfig(join(tmpdir(), "no-such-dir-routec", "config.json"), { now: clock(), keep: 1 });
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(["R0713"]);
  });

  it("fails with R0716 and writes nothing when the backups directory cannot be created", async () => {
    const path = configFile();
    writeFileSync(join(path, "..", "backups"), "a file where the directory should be");
    const result = await backupRouterConfig(path, { now: clock(), keep: 1 });
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(["R0716"]);
    expect(readdirSync(join(path, ".."))).toEqual(["backups", "config.json"]);
  });
});
