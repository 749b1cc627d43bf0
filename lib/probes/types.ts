/**
 * Result and event shapes of the probe engine. Plain data (JSON-serialisable):
 * the web console stores and streams them, the CLI prints them.
 */
import type { FindingId, Severity } from "./findings";

export type ProbeKind = "smtp" | "pop3" | "tcp" | "dns";

export type StepStatus = "ok" | "failed" | "skipped" | "timeout";

export interface StepResult {
  /** Stable step name, e.g. "connect", "banner", "ehlo", "unknown_command", "starttls", "quit". */
  name: string;
  status: StepStatus;
  /** Milliseconds from the step's start to its end (0.1 ms resolution). */
  durationMs: number;
  /** Offset of the step's start from the probe start, ms. */
  startedAtMs: number;
  detail?: string;
  /** Address the step talked to, when the probe tested several. */
  address?: string;
}

export type TranscriptDirection = "client" | "server" | "info";

export interface TranscriptEntry {
  dir: TranscriptDirection;
  /** Display-safe text (control characters escaped, long lines truncated with a marker). */
  text: string;
  /** Offset from the probe start, ms (0.1 ms resolution). */
  atMs: number;
  address?: string;
}

export interface Finding {
  id: FindingId;
  severity: Severity;
  title: string;
  /** Exact transcript lines (text) that show it. */
  evidence: string[];
  data?: Record<string, unknown>;
  address?: string;
}

export interface ProbeError {
  /** EINVALID, EDENIED, EDNS, ECONNECT, ETIMEDOUT, EABORTED, EPROTOCOL, ELIMIT, EINTERNAL ... */
  code: string;
  message: string;
  step?: string;
  address?: string;
}

export interface TestedAddress {
  address: string;
  family: 4 | 6;
  /** Host name the address belongs to (the MX host for MX targets). */
  host: string;
  /** MX preference when the address came from an MX record. */
  mxPreference?: number;
  /** Whether the probe talked to it (false: not selected, or denied). */
  tested: boolean;
  /** Why the policy refused it, when it did. */
  denied?: string;
}

export interface ProbeTarget {
  /** As given by the user. */
  input: string;
  /** Host name or address literal (the domain for MX targets). */
  host: string;
  port: number;
  /** Every address considered, with the tested ones marked. */
  addresses: TestedAddress[];
  /** How the addresses were found. */
  resolvedFrom: "literal" | "dns" | "mx" | "implicit-mx";
  /** MX records when the target was a mail domain. */
  mx?: Array<{ exchange: string; preference: number }>;
}

export interface ProbeResult<D = Record<string, unknown>> {
  kind: ProbeKind;
  /** Random id, also carried by streamed events. */
  id: string;
  target: ProbeTarget;
  /** ISO time of the start. */
  startedAt: string;
  durationMs: number;
  /** Time spent waiting for a slot behind other probes of the same address and port (not part of the probe's deadline). */
  queuedMs?: number;
  steps: StepResult[];
  transcript: TranscriptEntry[];
  findings: Finding[];
  errors: ProbeError[];
  /** Whether the probe ran to its end (false: aborted, deadline, denied, invalid). */
  completed: boolean;
  /** Kind-specific details (banner, extensions, TLS, attempts, DNS records). */
  details: D;
}

/** Streamed while a probe runs (web console live view). */
export type ProbeEvent =
  | { type: "transcript"; probeId: string; entry: TranscriptEntry }
  | { type: "step"; probeId: string; phase: "start"; name: string; address?: string; atMs: number }
  | { type: "step"; probeId: string; phase: "end"; step: StepResult }
  | { type: "finding"; probeId: string; finding: Finding }
  /**
   * Bytes of a line still arriving (a greeting trickled byte by byte): the display-safe text so
   * far and the connection's byte count. Live view only; never stored in the transcript.
   */
  | { type: "partial"; probeId: string; text: string; bytes: number; atMs: number };

export type ProbeEventListener = (event: ProbeEvent) => void;

export interface TlsCertificateSummary {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  serialNumber: string;
  fingerprint256: string;
  selfSigned: boolean;
}

export interface TlsProblem {
  /** expired | not_yet_valid | self_signed | name_mismatch | unknown_issuer | other */
  kind: "expired" | "not_yet_valid" | "self_signed" | "name_mismatch" | "unknown_issuer" | "other";
  /** Plain words for the user. */
  words: string;
  /** OpenSSL / Node code behind it. */
  code?: string;
}

export interface TlsSummary {
  protocol: string | null;
  cipher: string | null;
  /** Name the certificate was checked against. */
  servername: string;
  authorized: boolean;
  problems: TlsProblem[];
  certificate: TlsCertificateSummary | null;
  /** Leaf first. */
  chain: Array<{ subject: string; issuer: string }>;
}
