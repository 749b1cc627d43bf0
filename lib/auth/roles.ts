/**
 * Staff roles, lowest first; each includes everything the ones before it may do.
 *   viewer    browse and search the knowledge base, open diagnoses shared with them
 *   helpdesk  also run checks, save, share, check again
 *   editor    also edit the knowledge base (once authoring exists)
 *   admin     also users and roles, the probe target policy, the audit log
 */
export const ROLES = ["viewer", "helpdesk", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** The role a stored value means; anything unknown is the least privileged role. */
export function roleOf(value: unknown): Role {
  return isRole(value) ? value : "viewer";
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** Whether `role` may do what `min` may. */
export function atLeast(role: Role, min: Role): boolean {
  return roleRank(role) >= roleRank(min);
}

/** The lower of two roles (a token never outranks its owner). */
export function lowerRole(a: Role, b: Role): Role {
  return roleRank(a) <= roleRank(b) ? a : b;
}
