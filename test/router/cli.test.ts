import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { createRouterCommand } from "../../src/cli/commands/router.js";

/** A fresh HOME with `~/.claude-code-router/config.json` holding `config` (when given). */
function home(config?: string): { home: string; dir: string; path: string } {
  const root = mkdtempSync(join(tmpdir(), "routec-ccr-"));
  const dir = join(root, ".claude-code-router");
  mkdirSync(dir);
  const path = join(dir, "config.json");
  if (config !== undefined) writeFileSync(path, config);
  return { home: root, dir, path };
}

async function routec(args: readonly string[], homeDir: string, env: Record<string, string> = {}) {
  const io = memoryIO({ env: { HOME: homeDir, ...env }, cwd: homeDir });
  const code = await run(args, io, "0.0.0");
  return { code, out: io.out(), err: io.err() };
}

const insecure = `{
  "HOST": "0.0.0.0",
  "PORT": 3456,
  "Providers": [
    { "name": "deepseek", "api_base_url": "https://api.deepseek.com/chat/completions", "api_key": "sk-live-deepseek-0123456789abcdef", "models": ["deepseek-chat"] }
  ],
  "Router": { "default": "deepseek,deepseek-chat" }
}
`;

describe("router validate", () => {
  it("fails with a located R0709 error when HOST is 0.0.0.0 without APIKEY", async () => {
    const { home: h } = home(insecure);
    const result = await routec(["router", "validate"], h);
    expect(result.code).toBe(1);
    expect(result.out).toContain("error[R0709]");
    expect(result.out).toMatch(/config\.json:2:11/);
    expect(result.out).toContain('"HOST": "0.0.0.0"');
  });

  it("never prints a plaintext key when it warns about it", async () => {
    const { home: h } = home(insecure);
    const result = await routec(["router", "validate"], h);
    expect(result.out).toContain("warning[R0710]");
    expect(result.out).not.toContain("sk-live-deepseek-0123456789abcdef");
  });

  it("passes the safe default config when ANTHROPIC_API_KEY is set", async () => {
    const { home: h, path } = home(readFileSync(new URL("../../examples/ccr/safe-default.json", import.meta.url), "utf8"));
    mkdirSync(join(h, ".claude-code-router"), { recursive: true });
    writeFileSync(join(h, ".claude-code-router", "routec-router.js"), "module.exports = async () => null;\n");
    const result = await routec(["router", "validate", "--config", path], h, { ANTHROPIC_API_KEY: "x" });
    expect(result.code).toBe(0);
    expect(result.out).toContain("no problems");
  });

  it("reports the upstream example's undeclared providers when validating it", async () => {
    const { home: h } = home(readFileSync(new URL("../fixtures/router/upstream-config.example.json", import.meta.url), "utf8"));
    const result = await routec(["router", "validate"], h);
    expect(result.code).toBe(1);
    expect(result.out.match(/error\[R0705\]/g)).toHaveLength(6);
    // HOST 0.0.0.0 is protected by its APIKEY, so no R0709; the key itself is plaintext.
    expect(result.out).not.toContain("R0709");
    expect(result.out).toContain("warning[R0710]: `APIKEY` is written in plain text");
  });

  it("prints diagnostics as json when given --format json", async () => {
    const { home: h } = home(insecure);
    const result = await routec(["router", "validate", "--format", "json"], h);
    const codes = (JSON.parse(result.out) as { diagnostics?: { code: string }[] } | { code: string }[]);
    expect(JSON.stringify(codes)).toContain("R0709");
  });

  it("exits 2 with R0713 when the config does not exist", async () => {
    const { home: h } = home();
    const result = await routec(["router", "validate"], h);
    expect(result.code).toBe(2);
    expect(result.out).toContain("R0713");
  });

  it("points to router init, which writes a config that then validates, when the config does not exist", async () => {
    const { home: h, path } = home();
    const missing = await routec(["router", "validate"], h);
    expect(missing.out).toContain("no such file or directory");
    expect(missing.out).toContain("run `routec router init` to write a safe config");
    expect(missing.out).not.toContain("ENOENT");
    expect((await routec(["router", "init"], h)).code).toBe(0);
    writeFileSync(join(h, ".claude-code-router", "routec-router.js"), "module.exports = async () => null;\n");
    expect(await routec(["router", "validate", path], h, { ANTHROPIC_API_KEY: "x" })).toMatchObject({ code: 0 });
  });

  it("takes the config path as an argument as well as with --config", async () => {
    const { home: h } = home();
    writeFileSync(join(h, "ccr.json"), insecure);
    const positional = await routec(["router", "validate", "ccr.json"], h);
    expect(positional.code).toBe(1);
    expect(positional.out).toContain("error[R0709]");
    expect(positional.out).toMatch(/ccr\.json:2:11/);
    expect((await routec(["router", "validate", "--config", "ccr.json"], h)).out).toBe(positional.out);
    expect((await routec(["router", "validate", "ccr.json", "--config", "other.json"], h)).code).toBe(2);
  });

  it("exits 2 when HOME is unset and no --config is given", async () => {
    const io = memoryIO({ env: {} });
    expect(await run(["router", "validate"], io, "0.0.0")).toBe(2);
    expect(io.err()).toContain("HOME");
  });
});

describe("router harden", () => {
  it("names the config it was given in the diff header and takes it as an argument", async () => {
    const { home: h } = home();
    writeFileSync(join(h, "my-router.json"), insecure);
    const result = await routec(["router", "harden", "my-router.json", "--dry-run"], h);
    expect(result.code).toBe(0);
    expect(result.out.split("\n").slice(0, 2)).toEqual(["--- my-router.json", "+++ my-router.json (hardened, not written)"]);
    expect(readFileSync(join(h, "my-router.json"), "utf8")).toBe(insecure);
  });

  it("shows ollama's placeholder key instead of redacting it when given --dry-run", async () => {
    const withOllama = insecure.replace(
      '"models": ["deepseek-chat"] }',
      '"models": ["deepseek-chat"] },\n    { "name": "ollama", "api_base_url": "http://127.0.0.1:11434/v1/chat/completions", "api_key": "ollama", "models": ["qwen2.5:7b-instruct"] }',
    );
    const { home: h } = home(withOllama);
    const result = await routec(["router", "harden", "--dry-run"], h);
    expect(result.out).toContain('"api_key": "ollama"');
    expect(result.out).not.toContain("sk-live-deepseek");
  });

  it("shows the fix and writes nothing when given --dry-run", async () => {
    const { home: h, dir, path } = home(insecure);
    const result = await routec(["router", "harden", "--dry-run"], h);
    expect(result.out).toContain('-  "HOST": "0.0.0.0",');
    expect(result.out).toContain('+  "HOST": "127.0.0.1",');
    expect(result.out).toContain("$DEEPSEEK_API_KEY");
    expect(result.out).not.toContain("sk-live-deepseek");
    expect(result.err).toContain("DEEPSEEK_API_KEY");
    expect(readFileSync(path, "utf8")).toBe(insecure);
    expect(existsSync(join(dir, "backups"))).toBe(false);
  });

  it("backs up, then writes a config that validates when run for real", async () => {
    const { home: h, dir, path } = home(insecure);
    const result = await routec(["router", "harden"], h);
    expect(result.code).toBe(0);
    expect(readdirSync(join(dir, "backups"))).toHaveLength(1);
    const hardened = readFileSync(path, "utf8");
    expect(hardened).toContain('"HOST": "127.0.0.1"');
    expect(hardened).toContain('"api_key": "$DEEPSEEK_API_KEY"');
    expect((await routec(["router", "validate"], h, { DEEPSEEK_API_KEY: "k" })).code).toBe(0);
  });

  it("reports what it cannot fix when a route names an unknown provider", async () => {
    const { home: h } = home(insecure.replace('"default": "deepseek,', '"default": "deepsek,'));
    const result = await routec(["router", "harden", "--dry-run"], h);
    expect(result.code).toBe(1);
    expect(result.out).toContain("R0705");
  });
});

describe("router backup", () => {
  it("writes a 0600 backup and keeps only the newest when given --keep", async () => {
    const { home: h, dir } = home(insecure);
    for (let i = 0; i < 4; i++) expect((await routec(["router", "backup", "--keep", "2"], h)).code).toBe(0);
    const backups = readdirSync(join(dir, "backups"));
    expect(backups).toHaveLength(2);
    for (const name of backups) {
      expect(name).toMatch(/^config\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z(?:_\d+)?\.json$/);
      expect(statSync(join(dir, "backups", name)).mode & 0o777).toBe(0o600);
    }
  });

  it("names the backup after the injected clock when the command is built with one", async () => {
    const { home: h, dir } = home(insecure);
    const io = memoryIO({ env: { HOME: h } });
    const command = createRouterCommand({ now: () => new Date("2026-11-27T05:15:24.123Z") })(io);
    await command.parseAsync(["backup"], { from: "user" });
    expect(readdirSync(join(dir, "backups"))).toEqual(["config.2026-11-27T05-15-24.123Z.json"]);
    expect(io.exitCode()).toBe(0);
  });

  it("exits 2 when given a --keep that is not a positive number", async () => {
    const { home: h } = home(insecure);
    expect((await routec(["router", "backup", "--keep", "0"], h)).code).toBe(2);
  });
});

describe("router diff", () => {
  it("shows changes since the latest backup with secrets redacted", async () => {
    const { home: h, path } = home(insecure);
    await routec(["router", "backup"], h);
    writeFileSync(path, insecure.replace("sk-live-deepseek-0123456789abcdef", "sk-new-secret-value-999").replace("3456", "3457"));
    const result = await routec(["router", "diff"], h);
    expect(result.code).toBe(0);
    expect(result.out).toContain('-  "PORT": 3456,');
    expect(result.out).toContain('+  "PORT": 3457,');
    expect(result.out).not.toContain("sk-live-deepseek");
    expect(result.out).not.toContain("sk-new-secret");
  });

  it("exits 2 with R0714 when there is no backup", async () => {
    const { home: h } = home(insecure);
    const result = await routec(["router", "diff"], h);
    expect(result.code).toBe(2);
    expect(result.out).toContain("R0714");
  });
});

describe("router init", () => {
  it("writes the safe default config with mode 0600 when none exists", async () => {
    const { home: h, path } = home();
    expect((await routec(["router", "init"], h)).code).toBe(0);
    expect(readFileSync(path, "utf8")).toContain('"HOST": "127.0.0.1"');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("refuses to replace an existing config when not given --force", async () => {
    const { home: h, path } = home(insecure);
    expect((await routec(["router", "init"], h)).code).toBe(2);
    expect(readFileSync(path, "utf8")).toBe(insecure);
  });
});
