/**
 * PLACEHOLDER (issue 12) for the accounts-and-roles module of issue 11, which replaces this file
 * at merge with the same contract. Until then every caller is treated as one fixed local editor,
 * so the knowledge-base authoring pages, server actions and routes are already gated in the one
 * place issue 11 fills in: each of them calls requireRole("editor") or authorizeRequest(req, "editor")
 * before touching data. Do not add logic here; add it in issue 11's module.
 */

export type Role = "viewer" | "helpdesk" | "editor" | "admin";

export type StaffIdentity = { userId: string; name: string; email: string; role: Role; via: "session" | "token" };

const ORDER: readonly Role[] = ["viewer", "helpdesk", "editor", "admin"];

/** The fixed identity of the placeholder: a local editor (not an administrator). */
const LOCAL_EDITOR: StaffIdentity = { userId: "local-editor", name: "Local editor", email: "editor@localhost", role: "editor", via: "session" };

function allowed(identity: StaffIdentity, min: Role): boolean {
  return ORDER.indexOf(identity.role) >= ORDER.indexOf(min);
}

export class ForbiddenError extends Error {
  constructor(readonly min: Role) {
    super(`this needs the ${min} role`);
  }
}

/** Server components and server actions: the caller's identity, or throws when the role is too low. */
export async function requireRole(min: Role): Promise<StaffIdentity> {
  if (!allowed(LOCAL_EDITOR, min)) throw new ForbiddenError(min);
  return LOCAL_EDITOR;
}

/** Route handlers: the caller's identity, or the response to send instead (403). */
export async function authorizeRequest(req: Request, min: Role): Promise<StaffIdentity | Response> {
  void req;
  if (!allowed(LOCAL_EDITOR, min)) {
    return Response.json({ error: { code: "FORBIDDEN", message: `This needs the ${min} role.` } }, { status: 403 });
  }
  return LOCAL_EDITOR;
}
