/**
 * The headline of a check: `problem_found` (a confirmed cause), `no_documented_problem` (what was
 * tested, what that rules out, what a check from here cannot rule out) or `could_not_test` (the
 * target was not reached or did not speak, or the check was cancelled: what to try next).
 * Pure and client-safe: built from the ranked causes and the findings.
 */
import { BREAKING_FINDINGS, isCouldNotTest, observationOf, observationsMade, stepOfObservation } from "./observations";
import { CHECK_STEPS, STEP_INFO, type CheckStep } from "./steps";
import type { CheckVantage, Conclusion, ObservedFinding, RankedCause } from "./types";

export interface ConclusionInput {
  /** "mail.example.com:25" as the user reads it. */
  target: string;
  steps: readonly CheckStep[];
  ended: "completed" | "deadline" | "cancelled" | "error";
  findings: readonly ObservedFinding[];
  causes: readonly RankedCause[];
  ranFrom: CheckVantage;
}

/** Why nothing could be tested, and what to try next, per blocking finding. */
const BLOCKERS: Record<string, { why: string; next: string }> = {
  "target.denied_by_policy": {
    why: "this console's probe target policy does not allow that address or port, so nothing was sent to it",
    next: "Check an allowed port of an allowed address (the finding below names the allowed ports), or ask an administrator to allow it in the probe target policy (Admin → Probe policy).",
  },
  "target.resolution_failed": {
    why: "the host name did not resolve to an address (or the domain has no usable MX host)",
    next: "Check the spelling of the host name, or give the server's IP address.",
  },
  "dns.domain.not_found": { why: "the domain does not exist in DNS", next: "Check the spelling of the domain." },
  "dns.resolution_failed": { why: "the DNS query failed", next: "Try again; if it keeps failing, give the mail server's host name or IP address instead of the domain." },
  "target.busy": {
    why: "other checks to this address were already running, so this one never got a probe slot",
    next: "Wait until the running checks have finished, then check again.",
  },
  "target.unreachable": {
    why: "the TCP connection could not be established (refused, timed out or no route)",
    next: "Check the host and port and that the mail service is running; a firewall may drop connections from this console's server. Try the same port from a machine on the server's own network.",
  },
  "server.silent": {
    why: "the connection was accepted but no greeting came",
    next: "Something accepts the connection without speaking SMTP (a stuck service or a device in between). Look at the mail server's service and its logs, then check again.",
  },
  "server.reset": {
    why: "the server (or a device in between) reset the connection before the dialogue could run",
    next: "Look at the firewall's and the mail server's logs for connections from this console's server, then check again.",
  },
  "server.closed_early": {
    why: "the server closed the connection before the dialogue was over",
    next: "Look at the mail server's logs for why it dropped the session, then check again.",
  },
  "server.line_too_long": {
    why: "what answers on this port sent a line far longer than any SMTP reply",
    next: "Check that the port belongs to the mail service and not to another program.",
  },
  "server.protocol_violation": {
    why: "what answers on this port does not speak SMTP (its greeting is not an SMTP reply)",
    next: "Check that the port belongs to the mail service and not to another program.",
  },
  "server.reply_timeout": {
    why: "a command got no reply in time",
    next: "The server or a device in between stalls the dialogue; check again, and look at the server's logs.",
  },
  "smtp.reply.service_unavailable": {
    why: "the server answered 421 and closed the channel (overload, a rate limit or a block)",
    next: "Look at the reply text and the server's logs, then check again later.",
  },
};

const CANCELLED = {
  why: "the check was cancelled before it could test the target",
  next: "Run the check again and let it finish.",
};

/** Short names of the steps for sentences ("the banner, EHLO and close test"). */
const STEP_WORDS: Record<CheckStep, string> = {
  dns: "DNS",
  banner: "banner",
  ehlo: "EHLO",
  unknown_command: "invalid-command test",
  starttls: "STARTTLS",
  envelope: "envelope (MAIL FROM / RCPT TO)",
  close: "close test",
  split_data: "split end-of-data test (sends a test message)",
  pop3_loop: "repeated POP3 connects",
  tcp_loop: "repeated TCP connects",
};

export function stepWords(steps: readonly CheckStep[]): string {
  const words = CHECK_STEPS.filter((s) => steps.includes(s)).map((s) => STEP_WORDS[s]);
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

function firstSentence(text: string): string {
  const m = /^(.*?[.!?])(\s|$)/.exec(text);
  return m ? m[1]! : text;
}

/** The line that shows each answered step: the first evidence line of its first finding. */
export function testedLines(findings: readonly ObservedFinding[], answered: ReadonlySet<CheckStep>): string[] {
  const lines: string[] = [];
  for (const step of CHECK_STEPS) {
    if (!answered.has(step)) continue;
    const f =
      step === "starttls"
        ? (["smtp.starttls.established", "smtp.starttls.failed", "smtp.starttls.unavailable", "tls.handshake_failed"].map((id) => findings.find((x) => x.id === id)).find(Boolean) ?? null)
        : findings.find((x) => !isCouldNotTest(x.id) && stepOfObservation(observationOf(x.id)) === step);
    lines.push(`${STEP_INFO[step].label}: ${f ? f.title : "answered"}${f?.evidence[0] ? ` (${f.evidence[0]})` : ""}`);
  }
  return lines;
}

/** Why a check (or one vantage point's part of it) could not test, and what to try next. */
export function couldNotTestWhy(findings: readonly ObservedFinding[], ended: ConclusionInput["ended"]): { why: string; next: string; finding: ObservedFinding | null } {
  const breaking = findings.find((f) => BREAKING_FINDINGS.has(f.id)) ?? findings.find((f) => isCouldNotTest(f.id)) ?? null;
  const cancelled = ended === "cancelled" || ended === "error";
  const blocker = breaking ? (BLOCKERS[breaking.id] ?? { why: breaking.title.toLowerCase(), next: "Check the target and try again." }) : cancelled ? CANCELLED : null;
  return {
    why: blocker?.why ?? (ended === "deadline" ? "the check reached its deadline before any step got an answer" : "no step got an answer"),
    next: blocker?.next ?? "Check the target and try again.",
    finding: breaking,
  };
}

/** The steps that got an answer from these findings (DNS aside). */
export function answeredSteps(findings: readonly ObservedFinding[]): Set<CheckStep> {
  const answered = new Set<CheckStep>();
  for (const o of observationsMade(findings.map((f) => f.id))) {
    const step = stepOfObservation(o);
    if (step && step !== "dns") answered.add(step);
  }
  return answered;
}

export function concludeCheck(input: ConclusionInput): Conclusion {
  const ids = input.findings.map((f) => f.id);
  const made = observationsMade(ids);
  const answered = new Set<CheckStep>();
  for (const o of made) {
    const step = stepOfObservation(o);
    if (step && step !== "dns") answered.add(step);
  }
  const unanswered = input.steps.filter((s) => s !== "dns" && !answered.has(s));
  const breaking = input.findings.find((f) => BREAKING_FINDINGS.has(f.id)) ?? input.findings.find((f) => isCouldNotTest(f.id)) ?? null;
  const confirmed = input.causes.filter((c) => c.verdict === "confirmed");
  const tested = testedLines(input.findings, answered);
  const base = { ranFrom: input.ranFrom, tested, confirmed: confirmed.map((c) => c.key) };

  const vantageNotes = input.causes
    .filter((c) => c.vantage && c.verdict !== "confirmed")
    .map((c) => `${c.title}: ${c.vantage!.note} ${c.vantage!.meaning}`.trim());
  const consistentCauses = input.causes.filter((c) => c.verdict === "consistent");
  const consistent = consistentCauses.map((c) => `${c.title}: ${c.verdictReason}`);
  const notTested = input.causes
    .filter((c) => c.verdict === "not_tested" && c.untestedSteps.some((s) => s.couldConfirm) && !c.vantage)
    .map((c) => `${c.title}: not tested here (needs ${stepWords(c.untestedSteps.filter((s) => s.couldConfirm).map((s) => s.step as CheckStep))}).`);
  const ruledOut = input.causes
    .filter((c) => c.verdict === "refuted" || (c.verdict === "no_evidence" && !c.vantage))
    .map((c) => `${c.title}: ${c.verdictReason}`);
  const runNext = [
    ...new Set(
      input.causes
        .filter((c) => c.verdict !== "refuted" && c.verdict !== "confirmed")
        .flatMap((c) => c.untestedSteps.filter((s) => s.couldConfirm).map((s) => s.step as CheckStep)),
    ),
  ];
  const runNextSentence = runNext.length > 0 ? [`Run the steps this check did not: ${stepWords(runNext)}.`] : [];

  if (confirmed.length > 0) {
    const [first, ...others] = confirmed;
    const sign = first!.evidence.find((e) => e.counted !== false && e.effect === "confirms" && e.verdictStrength === "decisive");
    const also = others.length > 0 ? ` Also confirmed: ${others.map((c) => c.title).join("; ")}.` : "";
    return {
      ...base,
      outcome: "problem_found",
      headline: `Problem found on ${input.target}: ${first!.title}${sign ? ` (${sign.findingTitle})` : ""}.${also}`,
      ruledOut,
      cannotRuleOut: [...consistent, ...vantageNotes],
      next: [
        first!.resolutions.length > 0 ? "Apply the fix shown beside the cause, then use Check again to verify it." : "Read the article beside the cause, then use Check again after the change.",
        ...runNextSentence,
      ],
      blocker: null,
    };
  }

  const cancelled = input.ended === "cancelled" || input.ended === "error";
  const nothingAnswered = answered.size === 0;
  const brokeOff = breaking !== null && unanswered.length > 0;
  if (cancelled || nothingAnswered || brokeOff) {
    const blocker = breaking ? (BLOCKERS[breaking.id] ?? { why: breaking.title.toLowerCase(), next: "Check the target and try again." }) : cancelled ? CANCELLED : null;
    const why = blocker?.why ?? (input.ended === "deadline" ? "the check reached its deadline before any step got an answer" : "no step got an answer");
    const after = !nothingAnswered && unanswered.length > 0 ? ` after the ${stepWords([...answered])}; not tested: the ${stepWords(unanswered)}` : "";
    return {
      ...base,
      outcome: "could_not_test",
      headline: `Could not test ${input.target}: ${why}${after}.`,
      ruledOut: [],
      cannotRuleOut: ["Nothing is ruled out: a target that cannot be reached or does not speak is no evidence for or against any device."],
      next: [blocker?.next ?? "Check the target and try again.", ...(cancelled && blocker !== CANCELLED ? [CANCELLED.next] : [])],
      blocker: breaking ? { findingId: breaking.id, title: breaking.title, evidence: breaking.evidence.slice(0, 6) } : null,
    };
  }

  const partial = input.ended === "deadline" ? " The check reached its deadline, so some steps may be missing." : "";
  const notRun = unanswered.length > 0 ? [`Steps that did not get an answer: ${stepWords(unanswered)}.`] : [];
  return {
    ...base,
    outcome: "no_documented_problem",
    headline:
      consistent.length > 0
        ? `No documented problem confirmed on ${input.target}: ${consistentCauses.length === 1 ? "one cause is" : `${consistentCauses.length} causes are`} consistent with what was seen (${consistentCauses.map((c) => c.title).join("; ")}) but not confirmed.${partial}`
        : `No documented problem found on ${input.target}: the ${stepWords([...answered])} answered as a working mail server does.${partial}`,
    ruledOut,
    cannotRuleOut: [...consistent, ...vantageNotes, ...notTested, ...notRun, firstSentence(input.ranFrom.note)],
    next: [
      ...runNextSentence,
      ...(vantageNotes.length > 0 ? ["Where a cause is seen only from another place (above), run the check from there."] : []),
      "If users still see the problem, start from the symptom in the wizard so the answers can narrow the causes.",
    ],
    blocker: null,
  };
}

/** Where the probes ran: the console's own server. */
export function consoleVantage(host: string): CheckVantage {
  return {
    host,
    note: `This check ran from the RelayDesk console's server (${host}). A device that treats connections differently depending on where they come from (a workstation on the internet, a Firewall client) may behave differently for them.`,
  };
}

/**
 * The conclusion of a check that never finished because the console stopped while it ran (issue
 * 9): nothing it saw was kept, so it could not test anything; the helpdesk checks again.
 */
/** Why a check ended without a result: the console restarted, or (several instances) the instance running it stopped. */
export type InterruptionCause = "restart" | "instance_stopped";

export function interruptedConclusion(host: string, port: number | null, ranFrom: CheckVantage, cause: InterruptionCause = "restart"): Conclusion {
  const why =
    cause === "restart"
      ? "the check was interrupted by a restart of the console before it finished"
      : "the console instance running the check stopped before it finished (no other instance can resume its probes)";
  return {
    outcome: "could_not_test",
    headline: `Could not test ${port === null ? host : `${host}:${port}`}: ${why}.`,
    confirmed: [],
    tested: [],
    ruledOut: [],
    cannotRuleOut: [],
    next: ["Check again to get a result."],
    ranFrom,
    blocker: null,
  };
}
