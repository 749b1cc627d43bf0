/**
 * Server side: asks the probe engine's target policy (lib/probes/policy.ts, through the same
 * preparation every probe runs: port policy, resolution, address policy) whether a live check
 * may talk to a target, before anything is saved. A refusal is a form error in plain words for
 * the helpdesk that names the probe target policy; the operator's detail (ranges, which rule)
 * goes to the server log. Do not import from client code.
 */
import { ProbeRun, prepareTarget } from "@/lib/probes/run";
import type { SmtpProbeOptions } from "@/lib/probes/options";
import { formatPortList } from "@/lib/probes/policy";

export type TargetDecision = { allowed: true } | { allowed: false; field: "host" | "port"; message: string };

/** Time allowed for resolving a host name during the check (the probe resolves again). */
const RESOLVE_MS = 5_000;

export async function checkTargetAllowed(
  target: { host: string; port: number; mx: boolean },
  runtime: Pick<SmtpProbeOptions, "policy"> = {},
): Promise<TargetDecision> {
  const run = new ProbeRun("tcp", runtime, RESOLVE_MS + 1_000);
  try {
    const literal = target.host.includes(":") ? `[${target.host}]` : target.host;
    const prepared = await prepareTarget(run, { target: literal, port: target.port, family: "any", addresses: "first", mx: target.mx }, target.port, RESOLVE_MS);
    if (prepared.verdict !== "denied") return { allowed: true };
    const detail = run.rec.errors.map((e) => e.message).join("; ");
    console.warn(`relaydesk: live check refused by the probe target policy: ${literal} port ${target.port}: ${detail}`);
    const ports = run.policy.ports;
    if (run.policy.checkPort(target.port).allowed === false) {
      const allowed = ports === "any" ? "" : ` (allowed: ${formatPortList([...ports]).replaceAll(",", ", ")})`;
      return {
        allowed: false,
        field: "port",
        message: `Refused by the probe target policy: this server does not run checks on port ${target.port}${allowed}. Ask an administrator if it should be allowed.`,
      };
    }
    return {
      allowed: false,
      field: "host",
      message: `Refused by the probe target policy: this server does not run checks against ${target.host}: it is a private, local or reserved address, or one the policy denies. Ask an administrator if it should be allowed.`,
    };
  } finally {
    run.dispose();
  }
}
