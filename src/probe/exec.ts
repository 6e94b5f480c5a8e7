import { spawn } from "node:child_process";

/** How a child process ended. */
export type ExecOutcome =
  | { readonly kind: "exited"; readonly code: number | null; readonly signal: string | null; readonly stdout: string; readonly stderr: string }
  | { readonly kind: "not-found" }
  | { readonly kind: "timeout"; readonly stdout: string; readonly stderr: string }
  | { readonly kind: "spawn-error"; readonly message: string };

export interface ExecOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
}

/**
 * Runs `command` found on `env.PATH`, without a shell, and resolves with its output; never rejects.
 * On timeout the whole process group is killed and the call resolves at once, without waiting for grandchildren
 * that still hold the pipes open (a wrapper script's `sleep`, a hung driver call).
 */
export function execCommand(command: string, args: readonly string[], options: ExecOptions): Promise<ExecOutcome> {
  return new Promise((resolve) => {
    const ownGroup = process.platform !== "win32";
    let settled = false;
    let stdout = "";
    let stderr = "";
    const settle = (outcome: ExecOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.env)) if (v !== undefined) env[k] = v;
    const child = spawn(command, [...args], { env, stdio: ["ignore", "pipe", "pipe"], detached: ownGroup, windowsHide: true });
    const timer = setTimeout(() => {
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      child.stdout.destroy();
      child.stderr.destroy();
      settle({ kind: "timeout", stdout, stderr });
    }, options.timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => void (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => void (stderr += chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      settle(error.code === "ENOENT" ? { kind: "not-found" } : { kind: "spawn-error", message: error.message });
    });
    child.on("close", (code, signal) => settle({ kind: "exited", code, signal, stdout, stderr }));
  });
}
