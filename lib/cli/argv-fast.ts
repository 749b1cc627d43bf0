/**
 * node:util parseArgs without node:util's parser, for the common command line: when every
 * argument is a positional, a `--name` of a boolean option or `--name VALUE` of a string option
 * (VALUE not starting with "-"), returns exactly what parseArgs({ strict: true, allowPositionals:
 * true }) returns; otherwise undefined, and the caller asks parseArgs, which also words the errors.
 * Loading and running parseArgs cost ~1 ms of every command line start. It may only accept what
 * parseArgs accepts: tests/probes/argv-fast.test.ts checks both on generated command lines.
 */

export interface ArgvOption {
  type: "boolean" | "string";
  multiple?: boolean;
  short?: string;
}

export interface ParsedArgv {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseArgvFast(args: readonly string[], options: Readonly<Record<string, ArgvOption>>): ParsedArgv | undefined {
  // parseArgs returns its values in an object without a prototype
  const values: ParsedArgv["values"] = Object.create(null) as ParsedArgv["values"];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    // "-", "--", short options and --name=value are parseArgs's
    if (!arg.startsWith("--") || arg.length === 2 || arg.includes("=")) return undefined;
    const name = arg.slice(2);
    if (!Object.hasOwn(options, name)) return undefined;
    const option = options[name]!;
    if (option.type === "boolean") {
      if (option.multiple) return undefined;
      values[name] = true;
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith("-")) return undefined;
    i++;
    if (option.multiple) {
      const list = values[name];
      values[name] = Array.isArray(list) ? [...list, value] : [value];
    } else {
      values[name] = value;
    }
  }
  return { values, positionals };
}
