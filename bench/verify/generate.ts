/** Generates a policy with `rules` classification rules and escalate triggers, for the verifier bench. */
export function generatePolicy(rules: number): string {
  const classify: string[] = [];
  const escalate: string[] = [];
  const triggers = Math.max(1, Math.floor(rules * 0.3));
  for (let i = 0; i < rules - triggers; i += 1) {
    const cls = `L${i % 3}`;
    switch (i % 4) {
      case 0:
        classify.push(`  kind == k${i} and files <= ${1 + (i % 7)} -> ${cls}`);
        break;
      case 1:
        classify.push(`  label "l${i % 50}" and kind in [k${i}, k${i + 1}] -> ${cls}`);
        break;
      case 2:
        classify.push(`  kind == k${i} or (context > ${4 + (i % 60)}k and kind == k${i - 1}) -> ${cls}`);
        break;
      default:
        classify.push(`  kind == k${i} and any file "src/m${i % 20}/**" -> ${cls}`);
    }
  }
  for (let i = 0; i < triggers; i += 1) {
    switch (i % 4) {
      case 0:
        escalate.push(`  kind == k${i * 3} and tool_failures >= ${1 + (i % 5)} -> claude "t${i}"`);
        break;
      case 1:
        escalate.push(`  label "l${i % 50}" and context > ${8 + (i % 100)}k -> claude "t${i}"`);
        break;
      case 2:
        escalate.push(`  kind == k${i * 5} and vram low -> claude "t${i}"`);
        break;
      default:
        escalate.push(`  kind == k${i * 7} and runtime_errors >= ${1 + (i % 4)} -> claude "t${i}"`);
    }
  }
  return `policy "bench-${rules}" version 1

runtime ollama { endpoint "http://127.0.0.1:11434" }
model "qwen2.5:7b-instruct" on ollama { context 32k tools yes vram 5.4GiB cost 0 }
model "llama3.1:latest" on ollama { context 128k tools yes vram 6.2GiB cost 0 }
model "phi3:latest" on ollama { context 4k tools no vram 2.3GiB cost 0 }
remote claude { model "claude-sonnet-4-5" }

class L0 "docs" { max_context 8k }
class L1 "routine" { max_context 32k tools required }
class L2 "large" { max_context 64k tools required }

deny secrets "secrets" {
  use std.secrets
  "**/.env" "**/*.pem"
}

vram {
  critical when free < 10% or free < 1GiB
  low when free < 30% or fragmentation > 50%
  unknown as low
  low_vram_mode as low
}

classify {
${classify.join("\n")}
  otherwise -> L2
}

escalate {
  denied path -> claude "sensitive path"
${escalate.join("\n")}
  vram critical -> claude "VRAM pressure"
}

route L0 -> "qwen2.5:7b-instruct", "phi3:latest" else claude
route L1 -> "qwen2.5:7b-instruct", "llama3.1:latest" else claude
route L2 -> synthesize draft "llama3.1:latest" review claude else claude

on error -> claude

assert "secrets stay remote": denied path => target is remote
`;
}
