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
    .description("Print the JSON Schema of routec's input, decision or table format.")
    .addArgument(new Argument("<format>", "which format").choices(Object.keys(wireSchemas)))
    .action((format: WireFormat) => {
      io.stdout(prettyJson(jsonSchemaOf(format)));
    });
}
