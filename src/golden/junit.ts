/** JUnit XML for golden runs: one `<testsuite>` per fixture file, one `<testcase>` per case. */
import type { CaseResult } from "./run.js";

export interface SuiteResult {
  readonly file: string;
  readonly policy: string;
  readonly results: readonly CaseResult[];
  /** A fixture file that could not be run at all (bad JSON, missing policy). */
  readonly error: string | null;
}

/** Escapes text for XML attribute and element content, dropping characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export function renderJunit(suites: readonly SuiteResult[], failureText: (suite: SuiteResult, result: CaseResult) => string): string {
  const failures = (s: SuiteResult): number => s.results.filter((r) => r.mismatches.length > 0).length;
  const total = suites.reduce((n, s) => n + s.results.length + (s.error === null ? 0 : 1), 0);
  const failed = suites.reduce((n, s) => n + failures(s), 0);
  const errors = suites.filter((s) => s.error !== null).length;
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="routec test" tests="${total}" failures="${failed}" errors="${errors}">`];
  for (const s of suites) {
    out.push(`  <testsuite name="${xmlEscape(s.file)}" tests="${s.results.length + (s.error === null ? 0 : 1)}" failures="${failures(s)}" errors="${s.error === null ? 0 : 1}">`);
    if (s.error !== null) out.push(`    <testcase name="${xmlEscape(s.file)}" classname="${xmlEscape(s.policy)}">`, `      <error message="${xmlEscape(s.error)}"/>`, `    </testcase>`);
    for (const r of s.results) {
      const head = `    <testcase name="${xmlEscape(r.name)}" classname="${xmlEscape(s.policy)}"`;
      if (r.mismatches.length === 0) out.push(`${head}/>`);
      else {
        const text = failureText(s, r);
        out.push(`${head}>`, `      <failure message="${xmlEscape(text.split("\n")[0] ?? "")}">${xmlEscape(text)}</failure>`, `    </testcase>`);
      }
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  return `${out.join("\n")}\n`;
}
