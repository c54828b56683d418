import { readText } from "./repo";

export interface TInstruction {
  keyword: string;
  args: string;
}

export interface TStage {
  name: string;
  /** The image or earlier stage it starts from. */
  from: string;
  instructions: TInstruction[];
}

export interface TDockerfile {
  /** Global ARGs (before the first FROM) with their defaults. */
  args: Record<string, string>;
  stages: TStage[];
}

/** Splits a Dockerfile into stages of instructions; continuation lines are joined, comments dropped. */
export function parseDockerfile(file: string): TDockerfile {
  const logical: string[] = [];
  let pending = "";
  for (const raw of readText(file).split("\n")) {
    // Docker drops comment lines, inside continuations too.
    if (/^\s*#/.test(raw)) continue;
    const line = raw.trimEnd();
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = "";
    if (full) logical.push(full);
  }
  const dockerfile: TDockerfile = { args: {}, stages: [] };
  for (const line of logical) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === "FROM") {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!match) throw new Error(`${file}: cannot read FROM ${args}`);
      dockerfile.stages.push({ name: match[2] ?? `#${dockerfile.stages.length}`, from: match[1]!, instructions: [] });
    } else if (dockerfile.stages.length === 0) {
      if (upper === "ARG") Object.assign(dockerfile.args, parseArg(args));
    } else {
      dockerfile.stages.at(-1)!.instructions.push({ keyword: upper, args });
    }
  }
  return dockerfile;
}

function parseArg(args: string): Record<string, string> {
  const [name, value = ""] = args.split("=", 2);
  return { [name!.trim()]: value.trim() };
}

/** A stage and the stages it is built FROM, nearest first. */
export function stageChain(dockerfile: TDockerfile, name: string): TStage[] {
  const chain: TStage[] = [];
  let stage = dockerfile.stages.find((s) => s.name === name);
  while (stage) {
    chain.push(stage);
    const from = stage.from;
    stage = dockerfile.stages.find((s) => s.name === from);
  }
  if (chain.length === 0) throw new Error(`no stage ${name}`);
  return chain;
}

/** The last value of an instruction in force for a target (USER, CMD, ENTRYPOINT, HEALTHCHECK, WORKDIR). */
export function effective(dockerfile: TDockerfile, target: string, keyword: string): string | undefined {
  for (const stage of stageChain(dockerfile, target)) {
    const found = stage.instructions.filter((i) => i.keyword === keyword).at(-1);
    if (found) return found.args;
  }
  return undefined;
}

/** ARG defaults declared in a target's stages (and globally). */
export function argDefaults(dockerfile: TDockerfile, target: string): Record<string, string> {
  const args: Record<string, string> = { ...dockerfile.args };
  for (const stage of stageChain(dockerfile, target).reverse()) {
    for (const instruction of stage.instructions) if (instruction.keyword === "ARG") Object.assign(args, parseArg(instruction.args));
  }
  return args;
}

/** An exec-form instruction (`["a", "b"]`) as its argument list. */
export function execForm(args: string | undefined): string[] | undefined {
  if (!args?.trim().startsWith("[")) return undefined;
  return JSON.parse(args.trim()) as string[];
}
