/**
 * `relaydesk token create --role ROLE --name NAME [--user EMAIL]`: makes a personal API token
 * directly in the database (DATABASE_URL as for `npm start`) and prints only the token on standard
 * output, for automation on the server machine. The owner is --user, or else the first admin.
 */
import { parseArgs } from "node:util";
import { ROLES, isRole } from "../auth/roles";

export const TOKEN_USAGE = `Usage:
  relaydesk token create --role viewer|helpdesk|editor|admin --name NAME [--user EMAIL]
Prints the new token (only the token) on standard output; it is not shown again.`;

export interface TokenIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function tokenCommand(argv: string[], io: TokenIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { role: { type: "string" }, name: { type: "string" }, user: { type: "string" }, help: { type: "boolean" } }, allowPositionals: true, strict: true });
  } catch (err) {
    io.stderr(`relaydesk: ${(err as Error).message}\n\n${TOKEN_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${TOKEN_USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== "create" || positionals.length !== 1) {
    io.stderr(`relaydesk: expected "token create"\n\n${TOKEN_USAGE}\n`);
    return 2;
  }
  if (!isRole(values.role)) {
    io.stderr(`relaydesk: --role must be one of ${ROLES.join(", ")}\n`);
    return 2;
  }
  const name = values.name?.trim();
  if (!name || name.length > 100) {
    io.stderr("relaydesk: --name NAME is required (1 to 100 characters)\n");
    return 2;
  }
  try {
    const { createTokenForCli } = await import("./token-store");
    const token = await createTokenForCli({ role: values.role, name, ...(values.user ? { ownerEmail: values.user } : {}) });
    io.stdout(`${token}\n`);
    return 0;
  } catch (err) {
    const e = err as Error;
    io.stderr(`relaydesk: ${e.name === "TokenCommandError" || e.name === "TokenError" || e.constructor?.name === "TokenCommandError" || e.constructor?.name === "TokenError" ? e.message : (e.stack ?? String(e))}\n`);
    return 1;
  }
}
