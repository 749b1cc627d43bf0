/**
 * Server side: asks the probe engine's target policy (lib/probes/policy.ts, through the same
 * preparation every probe runs: port policy, resolution, address policy) whether a live check
 * may talk to a target, before anything is saved. A refusal is a form error in plain words for
 * the helpdesk; the operator's detail (ranges, environment variables) goes to the server log.
 * Do not import from client code.
 */
import { ProbeRun, prepareTarget } from "@/lib/probes/run";
import type { SmtpProbeOptions } from "@/lib/probes/options";

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
    console.warn(`relaydesk: live check refused by the probe policy: ${literal} port ${target.port}: ${detail}`);
    if (run.policy.checkPort(target.port).allowed === false) {
      return { allowed: false, field: "port", message: `This server does not run checks on port ${target.port}. Ask the administrator which ports are allowed.` };
    }
    return {
      allowed: false,
      field: "host",
      message: `This server does not run checks against ${target.host}: it is a private, local or reserved address that checks may not reach. Ask the administrator if it should be allowed.`,
    };
  } finally {
    run.dispose();
  }
}
