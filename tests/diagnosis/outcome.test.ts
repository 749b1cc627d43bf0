// Guards the headline outcome (lib/diagnosis/outcome.ts) and old saved records (lib/diagnosis/record.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { concludeCheck, consoleVantage } from "@/lib/diagnosis/outcome";
import { rankedCauseSchema } from "@/lib/diagnosis/record";
import { diagnosisTicket } from "@/lib/diagnosis/ticket";
import type { ObservedFinding, RankedCause } from "@/lib/diagnosis/types";

const ranFrom = consoleVantage("console-host");
const f = (id: string, evidence: string[] = [`line of ${id}`]): ObservedFinding => ({ id, title: id, severity: "warning", evidence, probe: "smtp" });

function cause(key: string, verdict: RankedCause["verdict"], extra: Partial<RankedCause> = {}): RankedCause {
  return {
    key,
    title: `${key} title`,
    description: "d",
    rank: 1,
    score: 0,
    wizardScore: 0,
    evidenceScore: 0,
    candidate: verdict === "confirmed",
    verdict,
    verdictReason: `${verdict} because`,
    support: [],
    against: [],
    evidence: [],
    untested: [],
    untestedSteps: [],
    explanation: "first because: x; against: none",
    articles: [],
    vantage: null,
    resolutions: [],
    ...extra,
  };
}

const healthy = [f("smtp.banner.clear"), f("smtp.ehlo.accepted"), f("smtp.starttls.established"), f("smtp.envelope.accepted"), f("smtp.close.graceful_after_tls")];
const steps = ["banner", "ehlo", "starttls", "envelope", "close"] as const;

test("a confirmed cause is problem_found, in one sentence naming the cause and its sign", () => {
  const c = concludeCheck({
    target: "mx.example:25",
    steps: [...steps],
    ended: "completed",
    findings: [f("smtp.banner.masked"), ...healthy.slice(1)],
    causes: [
      cause("mailguard", "confirmed", {
        evidence: [{ findingId: "smtp.banner.masked", findingTitle: "SMTP banner masked", effect: "confirms", weight: 3, strength: "strong", lines: [], explanation: "", symptom: null, causeText: "", verdictStrength: "decisive", counted: true }],
      }),
      cause("other", "consistent"),
    ],
    ranFrom,
  });
  assert.equal(c.outcome, "problem_found");
  assert.equal(c.headline, "Problem found on mx.example:25: mailguard title (SMTP banner masked).");
  assert.deepEqual(c.confirmed, ["mailguard"]);
  assert.ok(c.cannotRuleOut.some((l) => l.startsWith("other title: consistent because")));
});

test("a healthy server is no_documented_problem: what was tested, what that rules out, what it cannot from here", () => {
  const vantage = { note: "Seen only for Firewall-client connections.", basis: { kind: "inferred" as const, reason: "r" }, meaning: "A check from here cannot rule it out." };
  const c = concludeCheck({
    target: "mx.example:25",
    steps: [...steps],
    ended: "completed",
    findings: healthy,
    causes: [cause("pix", "refuted"), cause("isa2000", "no_evidence", { vantage })],
    ranFrom,
  });
  assert.equal(c.outcome, "no_documented_problem");
  assert.equal(c.headline, "No documented problem found on mx.example:25: the banner, EHLO, STARTTLS, envelope (MAIL FROM / RCPT TO) and close test answered as a working mail server does.");
  assert.equal(c.tested.length, 5);
  assert.match(c.tested[0]!, /^Connect and read the banner: smtp\.banner\.clear \(line of smtp\.banner\.clear\)$/);
  assert.deepEqual(c.ruledOut, ["pix title: refuted because"]);
  assert.ok(c.cannotRuleOut.includes("isa2000 title: Seen only for Firewall-client connections. A check from here cannot rule it out."));
  assert.ok(c.cannotRuleOut.some((l) => l.startsWith("This check ran from the RelayDesk console's server (console-host).")));
});

test("unreachable, cancelled, and a dialogue broken off after the banner are could_not_test with what to try next", () => {
  const refused = concludeCheck({ target: "h:25", steps: [...steps], ended: "completed", findings: [f("target.unreachable", ["connect ECONNREFUSED"])], causes: [], ranFrom });
  assert.equal(refused.outcome, "could_not_test");
  assert.equal(refused.headline, "Could not test h:25: the TCP connection could not be established (refused, timed out or no route).");
  assert.deepEqual(refused.blocker, { findingId: "target.unreachable", title: "target.unreachable", evidence: ["connect ECONNREFUSED"] });
  assert.match(refused.next[0]!, /^Check the host and port/);

  const busy = concludeCheck({ target: "h:25", steps: [...steps], ended: "completed", findings: [f("target.busy")], causes: [], ranFrom });
  assert.equal(busy.outcome, "could_not_test");
  assert.match(busy.headline, /already running/);

  const cancelled = concludeCheck({ target: "h:25", steps: [...steps], ended: "cancelled", findings: healthy.slice(0, 2), causes: [cause("x", "no_evidence")], ranFrom });
  assert.equal(cancelled.outcome, "could_not_test");

  const broke = concludeCheck({ target: "h:25", steps: [...steps], ended: "completed", findings: [f("smtp.banner.clear"), f("server.reset")], causes: [cause("pix", "no_evidence")], ranFrom });
  assert.equal(broke.outcome, "could_not_test");
  assert.match(broke.headline, /reset the connection before the dialogue could run after the banner; not tested: the EHLO, STARTTLS, envelope \(MAIL FROM \/ RCPT TO\) and close test\.$/);
});

test("a diagnosis saved before calibrated verdicts still reads back, and its ticket says so", () => {
  const legacy = {
    key: "k",
    title: "t",
    description: "d",
    rank: 1,
    score: 3,
    wizardScore: 0,
    evidenceScore: 1.5,
    candidate: true,
    verdict: "no-evidence",
    support: [{ kind: "finding", label: "x", weight: 1, strength: "weak" }],
    against: [],
    evidence: [],
    untested: [],
    explanation: "first because: x (weak); against: none",
    articles: [],
  };
  const parsed = rankedCauseSchema.parse(legacy);
  assert.equal(parsed.verdict, "no_evidence");
  assert.deepEqual(parsed.resolutions, []);
  assert.equal(parsed.vantage, null);
  assert.equal(rankedCauseSchema.parse({ ...legacy, verdict: "mixed" }).verdict, "consistent");
  const ticket = diagnosisTicket(
    {
      id: "AAAAAAAAAAAAAAAAAAAAAA",
      createdAt: "2026-11-30T10:00:00.000Z",
      createdBy: "old",
      host: "h",
      port: 25,
      category: null,
      kbRevision: 1,
      previousId: null,
      start: { kind: "none" },
      answers: [],
      steps: ["banner"],
      mx: false,
      recipient: null,
      ended: "completed",
      deadlineMs: 1000,
      results: [],
      findings: [],
      unexplained: [],
      causes: [parsed],
      articles: [],
      conclusion: null,
      vantagePoints: [],
    },
    "text",
  );
  assert.match(ticket, /Saved before RelayDesk gave a headline outcome/);
  assert.match(ticket, /1\. t — No evidence/);
});
