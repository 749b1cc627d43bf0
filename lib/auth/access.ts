/**
 * The four roles in better-auth's access-control terms (its admin plugin checks these on its own
 * endpoints); RelayDesk's own checks use the rank order in ./roles.ts.
 */
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements } from "better-auth/plugins/admin/access";

const statements = { ...defaultStatements, kb: ["read", "edit"], diagnosis: ["read", "run", "share", "pin"], audit: ["read"] } as const;

export const ac = createAccessControl(statements);

export const accessRoles = {
  viewer: ac.newRole({ kb: ["read"], diagnosis: ["read"] }),
  helpdesk: ac.newRole({ kb: ["read"], diagnosis: ["read", "run", "share"] }),
  editor: ac.newRole({ kb: ["read", "edit"], diagnosis: ["read", "run", "share"] }),
  admin: ac.newRole({ ...adminAc.statements, kb: ["read", "edit"], diagnosis: ["read", "run", "share", "pin"], audit: ["read"] }),
};
