import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the cli stage (R0901–R0999): usage and file-system errors, exit code 2. */
export const cliCodes: readonly CodeInfo[] = [
  {
    code: "R0901",
    slug: "path-not-found",
    severity: "error",
    summary: "a path given on the command line does not exist",
    explanation: `A file or directory named on the command line could not be found (relative paths are relative to
the current directory). The command exits with code 2, which means "the command could not run", not "the policy is
wrong".

\`\`\`console
$ routec check polices/
error[R0901]: cannot check \`polices/\`: no such file or directory
\`\`\`

Fix the path.`,
  },
  {
    code: "R0902",
    slug: "not-a-route-file",
    severity: "error",
    summary: "a file given on the command line is not a `.route` file",
    explanation: `Commands that read policies take \`.route\` files, or directories, which they search for \`.route\`
files. A file with another extension is refused rather than parsed as a policy, so \`routec check *\` does not report
parse errors for a README.

\`\`\`console
$ routec check policies/default.json
error[R0902]: \`policies/default.json\` is not a \`.route\` file
\`\`\`

Name the policy source, not a compiled table.`,
  },
  {
    code: "R0903",
    slug: "unreadable-path",
    severity: "error",
    summary: "a file or directory exists but cannot be read",
    explanation: `The path exists but the operating system refused to read it (permissions, a broken link, a device).

\`\`\`console
$ routec check /root/policies
error[R0903]: cannot read \`/root/policies\`: permission denied
\`\`\`

Fix the permissions, or run as a user who may read the file.`,
  },
  {
    code: "R0904",
    slug: "no-policy-files",
    severity: "error",
    summary: "the paths given contain no `.route` files",
    explanation: `A directory was searched (recursively, skipping \`node_modules\` and hidden directories) and no \`.route\`
file was found. This is an error rather than a silent success, so a CI job that checks the wrong directory fails.

\`\`\`console
$ routec check src/
error[R0904]: no \`.route\` files found in \`src/\`
\`\`\`

Point the command at the directory with your policies.`,
  },
  {
    code: "R0905",
    slug: "unknown-format",
    severity: "error",
    summary: "`--format` names an output format the command does not have",
    explanation: `Commands that report diagnostics print them as \`text\` (for people), \`json\` (the diagnostic objects),
\`sarif\` (SARIF 2.1.0, for GitHub code scanning) or \`github\` (workflow commands that annotate a pull request).

\`\`\`console
$ routec check --format xml
error[R0905]: unknown format \`xml\`
  = help: use one of \`text\`, \`json\`, \`sarif\`, \`github\`
\`\`\`

Fix the format name.`,
  },
  {
    code: "R0906",
    slug: "invalid-option-value",
    severity: "error",
    summary: "an option has a value of the wrong kind",
    explanation: `An option's value could not be used, for example a count that is not a whole number.

\`\`\`console
$ routec check --max-warnings many
error[R0906]: invalid value \`many\` for \`--max-warnings\`
  = help: expected a whole number, 0 or more
\`\`\`

Fix the value; \`routec <command> --help\` lists the options.`,
  },
  {
    code: "R0907",
    slug: "unknown-diagnostic-code",
    severity: "error",
    summary: "`routec explain` was given a code or slug that is not registered",
    explanation: `\`routec explain\` takes a code (\`R0203\`) or its slug (\`unknown-model\`); \`routec explain --list\`
prints all of them. Near matches are suggested.

\`\`\`console
$ routec explain R2003
error[R0907]: unknown diagnostic code \`R2003\`
  = help: did you mean \`R0203\` (unknown-model)?
\`\`\`

Fix the code, or list them with \`--list\`.`,
  },
];
