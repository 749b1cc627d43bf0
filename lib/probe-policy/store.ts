/**
 * The probe target policy an admin saved (table ProbePolicy, one row). Until a policy is saved the
 * environment's RELAYDESK_PROBE_ALLOW_CIDRS / _DENY_CIDRS / _PORTS are in force; from the first save
 * on, the saved policy is, and the environment's values no longer count for console checks (the
 * command line `relaydesk probe` always uses the environment).
 */
import { recordAudit } from "@/lib/audit/record";
import type { StaffIdentity } from "@/lib/auth/identity";
import { getDb } from "@/lib/db/client";
import { formatPortList, parsePortList, PolicyConfigError, policyFromEnv, splitList } from "@/lib/probes/policy";

/** What a policy says (ranges canonical, as parseCidr writes them). */
export interface ProbePolicySettings {
  allowCidrs: string[];
  denyCidrs: string[];
  ports: number[] | "any";
}

export interface ProbePolicyView extends ProbePolicySettings {
  /** "saved": an admin's policy is in force; "environment": none saved yet, the environment's values are. */
  source: "saved" | "environment";
  /** 0 until the first save; each save adds one. */
  revision: number;
  updatedAt: Date | null;
  updatedBy: string | null;
  /** The environment's values cannot be read (no saved policy): checks are refused until fixed or saved. */
  environmentError?: string;
}

/** Someone else saved the policy after the form was loaded. */
export class ProbePolicyConflictError extends Error {
  readonly code = "EPOLICYCONFLICT";
  constructor() {
    super("Someone else changed the probe target policy meanwhile. Reload the page, check their change and save again.");
  }
}

const ROW_ID = 1;

/** The stored row of the saved policy, as the table holds it, or null. */
export function readSavedPolicyRow() {
  return getDb().probePolicy.findUnique({ where: { id: ROW_ID } });
}

function settingsOfRow(row: { allowCidrs: string; denyCidrs: string; ports: string }): ProbePolicySettings {
  return { allowCidrs: splitList(row.allowCidrs), denyCidrs: splitList(row.denyCidrs), ports: parsePortList(row.ports) };
}

/** The environment's policy settings (the default until an admin saves one). Throws PolicyConfigError. */
export function environmentPolicySettings(env: Record<string, string | undefined> = process.env): ProbePolicySettings {
  const { allowCidrs, denyCidrs, ports } = policyFromEnv(env).describe();
  return { allowCidrs, denyCidrs, ports };
}

/** The policy in force, for the admin page. */
export async function getProbePolicyView(): Promise<ProbePolicyView> {
  const row = await readSavedPolicyRow();
  if (row) return { source: "saved", revision: row.revision, updatedAt: row.updatedAt, updatedBy: row.updatedByName, ...settingsOfRow(row) };
  try {
    return { source: "environment", revision: 0, updatedAt: null, updatedBy: null, ...environmentPolicySettings() };
  } catch (error) {
    if (!(error instanceof PolicyConfigError)) throw error;
    return { source: "environment", revision: 0, updatedAt: null, updatedBy: null, allowCidrs: [], denyCidrs: [], ports: [], environmentError: error.message };
  }
}

function sameSettings(a: ProbePolicySettings, b: ProbePolicySettings): boolean {
  const ports = (p: ProbePolicySettings["ports"]) => formatPortList(p);
  const list = (l: string[]) => [...l].sort().join("\n");
  return list(a.allowCidrs) === list(b.allowCidrs) && list(a.denyCidrs) === list(b.denyCidrs) && ports(a.ports) === ports(b.ports);
}

function describeSettings(s: ProbePolicySettings) {
  return { allowCidrs: s.allowCidrs, denyCidrs: s.denyCidrs, ports: formatPortList(s.ports) };
}

/**
 * Saves a policy (validated by probePolicyFormSchema) as the next revision and audits the change
 * ("policy.change", with the policy before and after). Refuses with ProbePolicyConflictError when
 * the policy changed after `baseRevision`. Saving what is already in force changes nothing.
 */
export async function saveProbePolicy(
  input: ProbePolicySettings & { baseRevision: number },
  by: { actor: StaffIdentity; ip?: string | null; userAgent?: string | null },
): Promise<{ changed: boolean; revision: number }> {
  const before = await getProbePolicyView();
  if (before.revision !== input.baseRevision) throw new ProbePolicyConflictError();
  const after: ProbePolicySettings = { allowCidrs: input.allowCidrs, denyCidrs: input.denyCidrs, ports: input.ports };
  if (before.source === "saved" && sameSettings(before, after)) return { changed: false, revision: before.revision };
  const data = {
    revision: input.baseRevision + 1,
    allowCidrs: after.allowCidrs.join("\n"),
    denyCidrs: after.denyCidrs.join("\n"),
    ports: formatPortList(after.ports),
    updatedAt: new Date(),
    updatedById: by.actor.userId,
    updatedByName: `${by.actor.name} <${by.actor.email}>`,
  };
  const db = getDb();
  if (input.baseRevision === 0) {
    try {
      await db.probePolicy.create({ data: { id: ROW_ID, ...data } });
    } catch (error) {
      // P2002: another admin's first save won the race
      if ((error as { code?: string }).code === "P2002") throw new ProbePolicyConflictError();
      throw error;
    }
  } else {
    const { count } = await db.probePolicy.updateMany({ where: { id: ROW_ID, revision: input.baseRevision }, data });
    if (count === 0) throw new ProbePolicyConflictError();
  }
  await recordAudit({
    action: "policy.change",
    actor: by.actor,
    target: "probe target policy",
    detail: {
      revision: data.revision,
      before: { source: before.source, ...(before.environmentError ? { error: before.environmentError } : {}), ...describeSettings(before) },
      after: describeSettings(after),
    },
    ip: by.ip ?? null,
    userAgent: by.userAgent ?? null,
  });
  return { changed: true, revision: data.revision };
}
