/**
 * What a probe finding is an observation of. Several findings can be read from one reply (an
 * EHLO answered `500` yields "EHLO rejected", "ESMTP extensions missing" and "STARTTLS not
 * offered"): they are one observation and count once for a cause. Findings that say the target
 * could not be reached or did not speak are never evidence for a device; they make a check
 * "could not test". Pure and client-safe.
 */
import { STEP_INFO, type CheckStep } from "./steps";

/** Findings that mean the dialogue broke off (a step after it may not have run). */
export const BREAKING_FINDINGS: ReadonlySet<string> = new Set([
  "target.unreachable",
  "target.denied_by_policy",
  "target.resolution_failed",
  "target.busy",
  "server.silent",
  "server.reset",
  "server.closed_early",
  "server.line_too_long",
  "server.reply_timeout",
  "smtp.reply.service_unavailable",
]);

/**
 * The target could not be tested: nothing reached it, it did not speak, or it broke the
 * dialogue (every breaking finding), or it answered nonsense or DNS failed. Never evidence for
 * or against a cause, whatever a check says.
 */
export const COULD_NOT_TEST_FINDINGS: ReadonlySet<string> = new Set([
  ...BREAKING_FINDINGS,
  "server.protocol_violation",
  "dns.domain.not_found",
  "dns.resolution_failed",
]);

export function isCouldNotTest(findingId: string): boolean {
  return COULD_NOT_TEST_FINDINGS.has(findingId);
}

/** [finding id prefix, observation] — most specific first. */
const OBSERVATIONS: Array<[prefix: string, observation: string]> = [
  ["smtp.banner.", "smtp.greeting"],
  ["smtp.greeting.", "smtp.greeting"],
  ["server.greeting_delayed", "smtp.greeting"],
  // read from the EHLO reply: the extension list is what says STARTTLS is not offered
  ["smtp.starttls.unavailable", "smtp.ehlo"],
  ["smtp.ehlo.", "smtp.ehlo"],
  ["smtp.esmtp.", "smtp.ehlo"],
  ["smtp.unknown_command.", "smtp.unknown_command"],
  ["smtp.starttls.required_for_mail", "smtp.envelope"],
  ["smtp.starttls.not_required_for_mail", "smtp.envelope"],
  ["smtp.starttls.", "smtp.starttls"],
  ["smtp.tls.", "smtp.starttls"],
  ["tls.", "smtp.starttls"],
  // the end of a session after TLS is a different observation from the end of a plain one
  ["smtp.close.reset_after_tls", "smtp.close_tls"],
  ["smtp.close.graceful_after_tls", "smtp.close_tls"],
  ["smtp.close.", "smtp.close"],
  ["smtp.data.", "smtp.data"],
  ["smtp.auth.", "smtp.envelope"],
  ["smtp.client.", "smtp.envelope"],
  ["smtp.relay.", "smtp.envelope"],
  ["smtp.envelope.", "smtp.envelope"],
  ["pop3.connect.", "pop3.loop"],
  ["tcp.connect.", "tcp.loop"],
  ["dns.", "dns"],
];

/** The observation a finding was read from (its own id when it is one of a kind). */
export function observationOf(findingId: string): string {
  return OBSERVATIONS.find(([prefix]) => findingId.startsWith(prefix))?.[1] ?? findingId;
}

/** Which check step made each observation (for "what was tested"). */
const OBSERVATION_STEP: Record<string, CheckStep> = {
  "smtp.greeting": "banner",
  "smtp.ehlo": "ehlo",
  "smtp.unknown_command": "unknown_command",
  "smtp.starttls": "starttls",
  "smtp.close": "close",
  "smtp.close_tls": "close",
  "smtp.data": "split_data",
  "smtp.envelope": "envelope",
  "pop3.loop": "pop3_loop",
  "tcp.loop": "tcp_loop",
  dns: "dns",
};

export function stepOfObservation(observation: string): CheckStep | null {
  return OBSERVATION_STEP[observation] ?? null;
}

/** Observations actually made (from findings that are not "could not test"). */
export function observationsMade(findingIds: Iterable<string>): Set<string> {
  const made = new Set<string>();
  for (const id of findingIds) {
    if (isCouldNotTest(id)) continue;
    made.add(observationOf(id));
    // STARTTLS not offered answers the STARTTLS step too: there was nothing to try
    if (id === "smtp.starttls.unavailable") made.add("smtp.starttls");
  }
  return made;
}

/** Steps that got an answer (made at least one observation). */
export function stepsAnswered(observations: ReadonlySet<string>): Set<CheckStep> {
  const steps = new Set<CheckStep>();
  for (const o of observations) {
    const step = stepOfObservation(o);
    if (step) steps.add(step);
  }
  return steps;
}

export function stepLabel(step: CheckStep): string {
  return STEP_INFO[step].label;
}
