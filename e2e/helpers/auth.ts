import { readFileSync } from "node:fs";
import { ADMIN_TOKEN_FILE, storageStateFor, type StaffRole } from "../fixtures/staff";

/** The admin's API token (made by the global setup with `relaydesk token create`). */
export function adminToken(): string {
  return readFileSync(ADMIN_TOKEN_FILE, "utf8").trim();
}

/** Headers for a JSON API call as a script would make it: with the admin's bearer token. */
export function bearer(): Record<string, string> {
  return { authorization: `Bearer ${adminToken()}` };
}

/** The Cookie header of a role's signed-in state (for raw HTTP requests outside a browser). */
export function sessionCookie(role: StaffRole = "admin"): string {
  const state = JSON.parse(readFileSync(storageStateFor(role), "utf8")) as { cookies: Array<{ name: string; value: string }> };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}
