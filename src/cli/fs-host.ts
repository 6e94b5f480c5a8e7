import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, normalize } from "node:path";
import type { SourceHost } from "../syntax/index.js";

/** The file-system `SourceHost` of the CLI: includes resolve against the including file's directory. */
export function fsHost(): SourceHost {
  return {
    readFile(path) {
      try {
        // Devices such as `/dev/zero` never end; a pipe (`/dev/stdin`) does.
        const info = statSync(path);
        if (!info.isFile() && !info.isFIFO()) return null;
        return readFileSync(path, "utf8");
      } catch {
        // Missing, unreadable or a directory: the loader reports it at the include that named it.
        return null;
      }
    },
    resolve(fromFile, relative) {
      return isAbsolute(relative) ? normalize(relative) : join(dirname(fromFile), relative);
    },
  };
}
