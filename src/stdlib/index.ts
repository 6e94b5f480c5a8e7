/**
 * Built-in glob sets that policies include with `use std.<name>`. Each entry cites where the convention comes
 * from; docs/std-secrets.md is generated from this data.
 */
export interface StdPattern {
  /** The glob, in routec's glob syntax (docs/semantics.md). */
  readonly pattern: string;
  /** Patterns excepted from this one. */
  readonly excepts?: readonly string[];
  /** What the file is and which tool writes it. */
  readonly note: string;
  /** Where the convention is documented. */
  readonly source: string;
  readonly platforms: readonly ("linux" | "darwin" | "win32")[];
}

import { secrets } from "./secrets.js";

/** Built-in sets by their dotted name. */
export const stdSets: Readonly<Record<string, readonly StdPattern[]>> = {
  "std.secrets": secrets,
};
