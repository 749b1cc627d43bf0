import type { Role } from "./roles";

/** A signed-in staff member, as every permission check sees them. */
export type StaffIdentity = { userId: string; name: string; email: string; role: Role; via: "session" | "token" };
