import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import type { StaffIdentity } from "@/lib/auth/identity";
import type { Role } from "@/lib/auth/roles";

let currentToken: string | null = null;

/**
 * A staff member with `role` in the test database and a personal API token for them (the way a
 * script calls the JSON API). Requests built with AuthedRequest carry that token from then on.
 * Call after createTempDatabase(). The check limits are raised for tests that are not about them
 * (tests/auth/limits.test.ts tests the limits).
 */
export async function signInAsStaff(role: Role = "admin", name = `Test ${role}`): Promise<StaffIdentity & { token: string }> {
  process.env.RELAYDESK_LIMIT_CHECKS_PER_USER ??= "10000";
  process.env.RELAYDESK_LIMIT_CHECKS_PER_TARGET ??= "10000";
  const { getDb } = await import("@/lib/db/client");
  const { createApiToken } = await import("@/lib/auth/tokens");
  const id = randomUUID();
  const email = `${role}-${id.slice(0, 8)}@relaydesk.test`;
  await getDb().user.create({ data: { id, name, email, role } });
  const { token } = await createApiToken({ userId: id, name: "tests", role });
  currentToken = token;
  return { userId: id, name, email, role, via: "token", token };
}

/** A NextRequest with the current test staff member's bearer token (unless one is given). */
export class AuthedRequest extends NextRequest {
  constructor(input: ConstructorParameters<typeof NextRequest>[0], init?: ConstructorParameters<typeof NextRequest>[1]) {
    super(input, init);
    if (currentToken && !this.headers.has("authorization")) this.headers.set("authorization", `Bearer ${currentToken}`);
  }
}
