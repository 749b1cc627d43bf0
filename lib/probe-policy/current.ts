/**
 * The probe target policy a console check runs under, read before every check: the saved policy's
 * row (one primary-key read) when an admin has saved one, else the environment's. The parsed
 * policy is kept per revision, so a save on any instance applies to the next check everywhere
 * (the revision is read each time; nothing waits for a notification).
 */
import { parsePortList, splitList, policyFromEnv, TargetPolicy, type PolicySource } from "@/lib/probes/policy";
import { readSavedPolicyRow } from "./store";

/** How refusals name the saved policy (an admin changes it at /admin/policy). */
export const SAVED_POLICY_SOURCE: PolicySource = {
  allowName: "the probe target policy's allowed ranges",
  denyName: "the probe target policy",
  allowHint: "the probe target policy (Admin → Probe policy) does not allow it",
  portsHint: "set by the probe target policy, Admin → Probe policy",
};

let parsed: { key: string; policy: TargetPolicy } | null = null;

/** The policy for the next check. Throws PolicyConfigError when the environment's values are bad and none is saved. */
export async function currentTargetPolicy(): Promise<TargetPolicy> {
  const row = await readSavedPolicyRow();
  if (!row) return policyFromEnv(process.env);
  const key = `${row.revision}:${row.updatedAt.getTime()}`;
  if (parsed?.key !== key) {
    const policy = new TargetPolicy({
      allowCidrs: splitList(row.allowCidrs),
      denyCidrs: splitList(row.denyCidrs),
      ports: parsePortList(row.ports),
      source: SAVED_POLICY_SOURCE,
    });
    parsed = { key, policy };
  }
  return parsed.policy;
}
