/**
 * `routec schema input|decision|table`: prints the JSON Schema of a wire format, the same text as the committed
 * `schema/<name>.schema.json`.
 */
import { Argument, Command } from "commander";
import { prettyJson } from "../../compile/canonical.js";
import { jsonSchemaOf, wireSchemas, type WireFormat } from "../../schema/index.js";
import type { CliIO } from "../io.js";

/** The `schema` command. */
export function schemaCommand(io: CliIO): Command {
  return new Command("schema")
    .description(
      "Print the JSON Schema of routec's input, decision or table format.\n\n" +
        "The schemas (JSON Schema 2020-12) are the same text as `schema/<format>.schema.json` in the package: " +
        "`input` is what `routec eval` and the runtime read (routec.input/1), `decision` what they answer " +
        "(routec.decision/1), `table` what `routec compile` writes (routec.table/1).\n\n" +
        "Example:\n" +
        "  routec schema input > routec-input.schema.json\n\n" +
        "Exit codes: 0 printed, 2 unknown format.",
    )
    .addArgument(new Argument("<format>", "which format").choices(Object.keys(wireSchemas)))
    .action((format: WireFormat) => {
      io.stdout(prettyJson(jsonSchemaOf(format)));
    });
}
