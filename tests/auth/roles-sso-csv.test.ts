// Guards the pure parts of issue 11: the role order, the SSO group → role mapping (highest
// mapped role wins, unknown groups give viewer, a bad setting is refused), and the audit CSV
// (RFC 4180 quoting, no spreadsheet formulas).
import assert from "node:assert/strict";
import { test } from "node:test";
import { atLeast, lowerRole, roleOf } from "@/lib/auth/roles";
import { groupsFromIdToken, parseGroupRoles, roleForGroups } from "@/lib/auth/sso";
import { auditCsv, type AuditRow } from "@/lib/audit/query";
import { isSameOrigin } from "@/lib/auth/same-origin";

test("roles: each includes the ones before; unknown stored values are viewer; a token is capped by its owner", () => {
  assert.ok(atLeast("admin", "editor") && atLeast("editor", "helpdesk") && atLeast("helpdesk", "viewer"));
  assert.ok(!atLeast("viewer", "helpdesk") && !atLeast("editor", "admin"));
  assert.equal(roleOf("root"), "viewer");
  assert.equal(roleOf(null), "viewer");
  assert.equal(lowerRole("admin", "helpdesk"), "helpdesk");
});

test("SSO groups map to the highest role any of them gives, with that group as the team; none maps to viewer", () => {
  const mapping = parseGroupRoles("mail-helpdesk=helpdesk, mail-admins=admin,kb-writers=editor");
  assert.deepEqual(roleForGroups(["staff", "mail-helpdesk"], mapping), { role: "helpdesk", team: "mail-helpdesk" });
  assert.deepEqual(roleForGroups(["mail-helpdesk", "mail-admins", "kb-writers"], mapping), { role: "admin", team: "mail-admins" });
  assert.deepEqual(roleForGroups(["staff"], mapping), { role: "viewer", team: null });
  assert.deepEqual(roleForGroups(["MAIL-ADMINS"], mapping), { role: "viewer", team: null }, "group names compare exactly");
  assert.throws(() => parseGroupRoles("mail-admins=root"), /not group=viewer\|helpdesk\|editor\|admin/);
  assert.throws(() => parseGroupRoles("=admin"), /RELAYDESK_OIDC_GROUP_ROLES/);
});

test("the groups claim is read from an ID token's payload; a malformed token has no groups", () => {
  const payload = Buffer.from(JSON.stringify({ sub: "alice", groups: ["a", 7, "b"] })).toString("base64url");
  assert.deepEqual(groupsFromIdToken(`x.${payload}.y`, "groups"), ["a", "b"]);
  assert.deepEqual(groupsFromIdToken("not-a-jwt", "groups"), []);
  assert.deepEqual(groupsFromIdToken(`x.${Buffer.from("{").toString("base64url")}.y`, "groups"), []);
});

test("audit CSV: header, quoting of commas, quotes and newlines, and no spreadsheet formulas", () => {
  const row: AuditRow = {
    id: "1",
    at: "2026-12-03T10:00:00.000Z",
    action: "check.run",
    actorId: "u",
    actor: 'Eve "E" <eve@example.test>',
    actorRole: "helpdesk",
    via: "session",
    target: "=HYPERLINK(\"http://x\")",
    detail: { steps: ["banner", "ehlo"] },
    ip: "192.0.2.1",
    userAgent: "Agent, with comma\nand newline",
  };
  assert.equal(
    auditCsv([row]),
    "at,action,actor,actorRole,via,target,ip,userAgent,detail\r\n" +
      '2026-12-03T10:00:00.000Z,check.run,"Eve ""E"" <eve@example.test>",helpdesk,session,"\'=HYPERLINK(""http://x"")",192.0.2.1,"Agent, with comma\nand newline","{""steps"":[""banner"",""ehlo""]}"\r\n',
  );
});

test("same-origin: Origin must match Host; Sec-Fetch-Site other than same-origin is refused; no Origin is refused", () => {
  const h = (o: Record<string, string>) => new Headers(o);
  assert.equal(isSameOrigin(h({ host: "relaydesk.test:3000", origin: "http://relaydesk.test:3000" })), true);
  assert.equal(isSameOrigin(h({ host: "relaydesk.test:3000", origin: "http://evil.test" })), false);
  assert.equal(isSameOrigin(h({ host: "relaydesk.test:3000" })), false);
  assert.equal(isSameOrigin(h({ host: "relaydesk.test:3000", origin: "null" })), false);
  assert.equal(isSameOrigin(h({ host: "relaydesk.test:3000", origin: "http://relaydesk.test:3000", "sec-fetch-site": "cross-site" })), false);
});
