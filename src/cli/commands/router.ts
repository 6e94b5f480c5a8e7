/**
 * `routec router <validate|backup|diff|harden|init>`: tooling for claude-code-router's `config.json`.
 * Exit codes: 0 ok, 1 the config has errors, 2 usage or I/O (unreadable config, no backup, write failure).
 */
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Command } from "commander";
import { z } from "zod";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/registry.js";
import type { DiagnosticFormat } from "../../diagnostics/render/index.js";
import { diagnosticFormats, renderDiagnostics } from "../../diagnostics/render/index.js";
import { backupLabel, backupRouterConfig, latestBackup } from "../../router/backup.js";
import type { RouterValidationHost } from "../../router/config.js";
import { analyzeRouterConfig } from "../../router/config.js";
import { maskConfigText, redactConfigText, unifiedDiff } from "../../router/diff.js";
import { hardenRouterConfig } from "../../router/harden.js";
import { sanitize } from "../../sanitize/index.js";
import { describeFsError, errnoOf, shownArg } from "../fs-errors.js";
import type { CliIO } from "../io.js";
import type { CommandFactory } from "../program.js";

/** What the router commands take from outside the CLI's IO; injected so tests fix the clock. */
export interface RouterCommandDeps {
  readonly now: () => Date;
}

const defaultKeep = 10;

const optionsSchema = z.object({
  config: z.string().optional(),
  format: z.string().default("text"),
  keep: z.string().default(String(defaultKeep)),
  dryRun: z.boolean().default(false),
  force: z.boolean().default(false),
});

type Options = z.infer<typeof optionsSchema>;

function toolVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
  return typeof manifest === "object" && manifest !== null && "version" in manifest && typeof manifest.version === "string" ? manifest.version : "0.0.0";
}

/** Prints a usage error and sets exit code 2. */
function usage(io: CliIO, message: string): void {
  io.stderr(`routec router: ${message}\n`);
  io.setExitCode(2);
}

/** `[config]` or `--config`, or `$HOME/.claude-code-router/config.json` from the injected environment. */
function configPath(io: CliIO, options: Options): string | null {
  if (options.config !== undefined) return resolve(io.cwd, options.config);
  const home = io.env["HOME"] ?? io.env["USERPROFILE"];
  return home === undefined || home === "" ? null : join(home, ".claude-code-router", "config.json");
}

function keepOf(options: Options): number | null {
  return /^[1-9]\d*$/.test(options.keep) ? Number(options.keep) : null;
}

function host(io: CliIO): RouterValidationHost {
  return { env: io.env, exists: (path) => existsSync(resolve(io.cwd, path)) };
}

/** A diagnostic with its words sanitized (its source snippet is masked separately, keeping columns). */
function sanitized(d: Diagnostic): Diagnostic {
  return {
    ...d,
    message: sanitize(d.message),
    ...(d.help === undefined ? {} : { help: sanitize(d.help) }),
    ...(d.notes === undefined ? {} : { notes: d.notes.map((n) => sanitize(n)) }),
    ...(d.related === undefined ? {} : { related: d.related.map((r) => ({ ...r, message: sanitize(r.message) })) }),
  };
}

/** Renders diagnostics over the config with its secrets masked, so neither messages nor snippets leak them. */
function render(io: CliIO, format: DiagnosticFormat, diagnostics: readonly Diagnostic[], file: string, text: string | null): void {
  if (diagnostics.length === 0) return;
  const sources: Record<string, string> = text === null ? {} : { [file]: maskConfigText(text) };
  const color = format === "text" && io.isTTY && io.env["NO_COLOR"] === undefined;
  io.stdout(renderDiagnostics(format, diagnostics.map(sanitized), sources, { root: io.cwd, color, toolVersion: toolVersion() }));
}

async function readConfig(io: CliIO, format: DiagnosticFormat, path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const help = errnoOf(error) === "ENOENT" ? "pass the config's path, or run `routec router init` to write a safe config" : "pass the config's path (`routec router validate <config>`)";
    render(io, format, [diagnostic("R0713", null, `cannot read \`${shownArg(path)}\`: ${describeFsError(error)}`, { help })], path, null);
    io.setExitCode(2);
    return null;
  }
}

/**
 * Parses the shared options, taking the config from `[config]` or `--config` (issue 7 names both); null (after
 * reporting) when they are unusable. `shown` is the config as the user named it, for diff headers.
 */
function prepare(io: CliIO, positional: string | undefined, raw: unknown): { options: Options; format: DiagnosticFormat; path: string; shown: string; keep: number } | null {
  const parsedOptions = optionsSchema.parse(raw);
  if (positional !== undefined && parsedOptions.config !== undefined && positional !== parsedOptions.config) {
    usage(io, `two configs given (\`${shownArg(positional)}\` and \`--config ${shownArg(parsedOptions.config)}\`); pass one`);
    return null;
  }
  const options = positional === undefined ? parsedOptions : { ...parsedOptions, config: positional };
  if (options.config === "") {
    usage(io, "the config path is empty; pass a file name or leave it out for `$HOME/.claude-code-router/config.json`");
    return null;
  }
  const format = diagnosticFormats.find((f) => f === options.format);
  if (format === undefined) {
    usage(io, `unknown format \`${options.format}\`; use one of ${diagnosticFormats.map((f) => `\`${f}\``).join(", ")}`);
    return null;
  }
  const keep = keepOf(options);
  if (keep === null) {
    usage(io, `invalid value \`${options.keep}\` for \`--keep\`: expected a whole number, 1 or more`);
    return null;
  }
  const path = configPath(io, options);
  if (path === null) {
    usage(io, "cannot find the config: `HOME` is not set; pass `--config <path>`");
    return null;
  }
  return { options, format, path, shown: shownArg(options.config ?? path), keep };
}

async function validateAction(io: CliIO, positional: string | undefined, raw: unknown): Promise<void> {
  const ready = prepare(io, positional, raw);
  if (ready === null) return;
  const text = await readConfig(io, ready.format, ready.path);
  if (text === null) return;
  const analysis = analyzeRouterConfig(text, ready.path, host(io));
  render(io, ready.format, analysis.diagnostics, ready.path, text);
  if (ready.format === "text" && analysis.diagnostics.length === 0) io.stdout(`${ready.path}: no problems\n`);
  if (analysis.config === null || hasErrors(analysis.diagnostics)) io.setExitCode(1);
}

async function backupAction(io: CliIO, positional: string | undefined, raw: unknown, deps: RouterCommandDeps): Promise<void> {
  const ready = prepare(io, positional, raw);
  if (ready === null) return;
  const outcome = await backupRouterConfig(ready.path, { now: deps.now, keep: ready.keep });
  if (!outcome.ok) {
    render(io, ready.format, outcome.diagnostics, ready.path, null);
    io.setExitCode(2);
    return;
  }
  const removed = outcome.value.removed.length;
  io.stdout(`backed up \`${ready.path}\` to \`${outcome.value.path}\`${removed === 0 ? "" : ` (removed ${removed} older ${removed === 1 ? "backup" : "backups"})`}\n`);
}

async function diffAction(io: CliIO, positional: string | undefined, raw: unknown): Promise<void> {
  const ready = prepare(io, positional, raw);
  if (ready === null) return;
  const text = await readConfig(io, ready.format, ready.path);
  if (text === null) return;
  const latest = await latestBackup(ready.path);
  const before = latest === undefined ? null : await readFile(latest.path, "utf8").catch(() => null);
  if (latest === undefined || before === null) {
    render(io, ready.format, [diagnostic("R0714", null, `no backup of \`${ready.path}\` to compare with`, { help: "run `routec router backup` first" })], ready.path, null);
    io.setExitCode(2);
    return;
  }
  const diff = unifiedDiff(redactConfigText(before), redactConfigText(text), backupLabel(latest), ready.shown);
  if (diff === "") io.stderr(`no changes since ${backupLabel(latest)}\n`);
  else io.stdout(diff);
}

async function hardenAction(io: CliIO, positional: string | undefined, raw: unknown, deps: RouterCommandDeps): Promise<void> {
  const ready = prepare(io, positional, raw);
  if (ready === null) return;
  const text = await readConfig(io, ready.format, ready.path);
  if (text === null) return;
  const hardened = hardenRouterConfig(text, ready.path, host(io));
  if (!hardened.ok) {
    render(io, ready.format, hardened.diagnostics, ready.path, text);
    io.setExitCode(1);
    return;
  }
  const { changes, envVars } = hardened.value;
  if (changes.length === 0) {
    io.stderr("nothing to harden\n");
  } else {
    io.stdout(unifiedDiff(redactConfigText(text), redactConfigText(hardened.value.text), ready.shown, `${ready.shown} (hardened${ready.options.dryRun ? ", not written" : ""})`));
    const lines = changes.map((c) => `  ${c.pointer}: ${c.description}`);
    if (envVars.length > 0) {
      lines.push("set these environment variables where claude-code-router starts (the old values are in the backup):");
      lines.push(...envVars.map((v) => `  ${v.name}  (${v.holds === "APIKEY" ? "the router's APIKEY" : `API key of provider \`${v.holds}\``})`));
    }
    io.stderr(`${ready.options.dryRun ? "would change" : "changed"}:\n${lines.join("\n")}\n`);
    if (!ready.options.dryRun) {
      const backup = await backupRouterConfig(ready.path, { now: deps.now, keep: ready.keep });
      if (!backup.ok) {
        render(io, ready.format, backup.diagnostics, ready.path, null);
        io.setExitCode(2);
        return;
      }
      try {
        await writeFile(ready.path, hardened.value.text);
        await chmod(ready.path, 0o600);
      } catch (error) {
        render(io, ready.format, [diagnostic("R0716", null, `cannot write \`${shownArg(ready.path)}\`: ${describeFsError(error)}`)], ready.path, null);
        io.setExitCode(2);
        return;
      }
      io.stderr(`backed up to \`${backup.value.path}\`\n`);
    }
  }
  // What harden cannot fix (unknown providers, missing files) is still reported.
  // The variables harden introduced count as set: the user was just told to set them.
  const promised = Object.fromEntries(envVars.map((v) => [v.name, "set"]));
  const after = analyzeRouterConfig(hardened.value.text, ready.path, { ...host(io), env: { ...io.env, ...promised } });
  const remaining = after.diagnostics.filter((d) => d.severity === "error");
  render(io, ready.format, remaining, ready.path, hardened.value.text);
  if (remaining.length > 0) io.setExitCode(1);
}

async function initAction(io: CliIO, positional: string | undefined, raw: unknown, deps: RouterCommandDeps): Promise<void> {
  const ready = prepare(io, positional, raw);
  if (ready === null) return;
  if (existsSync(ready.path)) {
    if (!ready.options.force) {
      usage(io, `\`${ready.path}\` already exists; pass \`--force\` to replace it (it is backed up first)`);
      return;
    }
    const backup = await backupRouterConfig(ready.path, { now: deps.now, keep: ready.keep });
    if (!backup.ok) {
      render(io, ready.format, backup.diagnostics, ready.path, null);
      io.setExitCode(2);
      return;
    }
    io.stderr(`backed up the old config to \`${backup.value.path}\`\n`);
  }
  try {
    const example = await readFile(new URL("../../../examples/ccr/safe-default.json", import.meta.url), "utf8");
    await mkdir(dirname(ready.path), { recursive: true, mode: 0o700 });
    await writeFile(ready.path, example, { mode: 0o600 });
    await chmod(ready.path, 0o600);
  } catch (error) {
    render(io, ready.format, [diagnostic("R0716", null, `cannot write \`${shownArg(ready.path)}\`: ${describeFsError(error)}`)], ready.path, null);
    io.setExitCode(2);
    return;
  }
  io.stdout(
    `wrote a safe local-first config to \`${ready.path}\`\n` +
      "next: set ANTHROPIC_API_KEY, pull the Ollama models it lists, and run `routec export ccr` to write the " +
      "custom router module CUSTOM_ROUTER_PATH names; then `routec router validate`\n",
  );
}

function withCommon(command: Command): Command {
  return command
    .argument("[config]", "the claude-code-router config (the same as --config)")
    .option("--config <path>", "the claude-code-router config (default: $HOME/.claude-code-router/config.json)")
    .option("--format <format>", `diagnostic format: ${diagnosticFormats.join(", ")}`, "text");
}

/** Builds the `router` command with an injected clock. */
export function createRouterCommand(deps: RouterCommandDeps): CommandFactory {
  return (io) => {
    const router = new Command("router").description(
      "Validate, back up, diff and harden claude-code-router's config.json.\n\n" +
        "`validate` checks the schema, provider,model references, $VAR interpolation and hardening rules " +
        "(a non-loopback HOST without APIKEY is an error); `harden` fixes what it safely can.",
    );
    router.addCommand(withCommon(new Command("validate").description("check the config; exit 1 when it has errors")).action((config: string | undefined, raw: unknown) => validateAction(io, config, raw)));
    router.addCommand(
      withCommon(new Command("backup").description("copy the config to backups/config.<UTC timestamp>.json (mode 0600)"))
        .option("--keep <n>", "how many backups to keep", String(defaultKeep))
        .action((config: string | undefined, raw: unknown) => backupAction(io, config, raw, deps)),
    );
    router.addCommand(withCommon(new Command("diff").description("show changes since the latest backup, secrets redacted")).action((config: string | undefined, raw: unknown) => diffAction(io, config, raw)));
    router.addCommand(
      withCommon(new Command("harden").description("back up, then bind HOST to 127.0.0.1 without APIKEY and move plaintext keys to $VARs"))
        .option("--dry-run", "show the changes without writing anything")
        .option("--keep <n>", "how many backups to keep", String(defaultKeep))
        .action((config: string | undefined, raw: unknown) => hardenAction(io, config, raw, deps)),
    );
    router.addCommand(
      withCommon(new Command("init").description("write the safe local-first config (examples/ccr/safe-default.json)"))
        .option("--force", "replace an existing config (backed up first)")
        .option("--keep <n>", "how many backups to keep", String(defaultKeep))
        .action((config: string | undefined, raw: unknown) => initAction(io, config, raw, deps)),
    );
    for (const sub of router.commands) sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    return router;
  };
}

/** `routec router`, on the real clock. */
export const routerCommand: CommandFactory = createRouterCommand({ now: () => new Date() });
