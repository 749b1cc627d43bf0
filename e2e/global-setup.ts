/**
 * Runs once after the web server is up: signs each e2e staff member in through the password
 * endpoint (as a browser on the console's own origin would) and saves the signed-in state for
 * the specs (`test.use({ storageState })`; the admin's is the default), and makes the admin's
 * API token with the command line, directly on the database, for specs that call the JSON API.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { request, type FullConfig } from "@playwright/test";
import { ADMIN_TOKEN_FILE, AUTH_DIR, REVOKED, REVOKED_STATE, STAFF, storageStateFor, type StaffRole } from "./fixtures/staff";

export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]!.use.baseURL!;
  mkdirSync(AUTH_DIR, { recursive: true });
  const accounts: Array<[{ email: string; password: string }, string]> = [
    ...(Object.keys(STAFF) as StaffRole[]).map((role): [{ email: string; password: string }, string] => [STAFF[role], storageStateFor(role)]),
    [REVOKED, REVOKED_STATE],
  ];
  for (const [account, file] of accounts) {
    const context = await request.newContext({ baseURL });
    const res = await context.post("/api/auth/sign-in/email", { data: { email: account.email, password: account.password }, headers: { origin: baseURL } });
    if (!res.ok()) throw new Error(`e2e sign-in as ${account.email} failed: ${res.status()} ${await res.text()}`);
    await context.storageState({ path: file });
    await context.dispose();
  }
  const root = path.resolve(import.meta.dirname, "..");
  const token = execFileSync(process.execPath, [path.join(root, "bin", "relaydesk.cjs"), "token", "create", "--role", "admin", "--name", "e2e"], {
    cwd: root,
    // the e2e server's database: the PostgreSQL pass gives its own (scripts/e2e-server.mjs)
    env: { ...process.env, DATABASE_URL: process.env.RELAYDESK_E2E_DATABASE_URL || `file:${path.join(root, "data", "e2e.db")}` },
    encoding: "utf8",
  }).trim();
  writeFileSync(ADMIN_TOKEN_FILE, token);
}
