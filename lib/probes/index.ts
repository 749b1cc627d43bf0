/**
 * RelayDesk live probe engine: public API.
 *
 *   probeSmtp(options)  probePop3(options)  probeTcp(options)  probeDns(options)
 *   runProbe({ kind, ...options })          one entry point for the web console and the CLI
 *
 * Every probe validates its options (throws ProbeInputError, code "EINVALID"),
 * checks the target policy (port, then every resolved address), honours an
 * AbortSignal and a whole-probe deadline, streams progress to `onEvent`, and
 * resolves a plain-data ProbeResult. Findings are data; mapping them to
 * knowledge-base causes happens elsewhere (lib/kb), never here.
 */
import { probeDns, type DnsDetails } from "./dns";
import type { DnsProbeOptions, Pop3ProbeOptions, SmtpProbeOptions, TcpProbeOptions } from "./options";
import { probePop3, type Pop3Details } from "./pop3";
import { ProbeInputError } from "./resolve";
import { probeSmtp, type SmtpDetails } from "./smtp";
import { probeTcp, type TcpDetails } from "./tcp";
import type { ProbeResult } from "./types";

export { probeSmtp, probePop3, probeTcp, probeDns };
export type { SmtpDetails, SmtpSessionDetails, CloseKind, TestMessageResult } from "./smtp";
export type { Pop3Details, Pop3SessionDetails } from "./pop3";
export type { TcpDetails } from "./tcp";
export type { DnsDetails, DnsAddressInfo } from "./dns";
export type { Attempt, AttemptOutcome, RepeatSummary, LatencySummary } from "./repeat";
export * from "./types";
export { FINDINGS, FINDING_IDS, CLEAN_FINDING_IDS, findingCatalogue, isFindingId } from "./findings";
export type { FindingId, FindingDefinition, Severity } from "./findings";
export {
  TargetPolicy,
  createTargetPolicy,
  policyFromEnv,
  parseCidr,
  parsePortList,
  normaliseAddress,
  PolicyConfigError,
  DEFAULT_ALLOWED_PORTS,
  DEFAULT_DENIED_CIDRS,
} from "./policy";
export type { PolicyConfig, PolicyDecision } from "./policy";
export { Semaphore, ProbeLimiter, LimiterBusyError, defaultLimiter, setDefaultLimiter, type SlotLimiter } from "./semaphore";
export type { LimiterOptions, Release } from "./semaphore";
export { ProbeInputError, parseHostPort } from "./resolve";
export {
  smtpOptionsSchema,
  pop3OptionsSchema,
  tcpOptionsSchema,
  dnsOptionsSchema,
} from "./options";
export type {
  SmtpProbeOptions,
  Pop3ProbeOptions,
  TcpProbeOptions,
  DnsProbeOptions,
  SmtpProbeInput,
  Pop3ProbeInput,
  TcpProbeInput,
  DnsProbeInput,
  RuntimeOptions,
} from "./options";
export { classifySmtpBanner, isMaskedBanner } from "./banner";
export type { BannerInfo, BannerKind } from "./banner";
export { parseReplyLine, parseSmtpReplies, parseEhloReply, parseEnhancedStatus, parsePop3Status, SmtpReplyAssembler } from "./reply-parser";
export type { SmtpReply, EhloInfo, EnhancedStatus, ParsedReplyLine, Pop3Status } from "./reply-parser";
export { BoundedLineReader } from "./line-reader";
export { safeText } from "./sanitize";
export * as probeConstants from "./constants";

export type ProbeRequest =
  | ({ kind: "smtp" } & SmtpProbeOptions)
  | ({ kind: "pop3" } & Pop3ProbeOptions)
  | ({ kind: "tcp" } & TcpProbeOptions)
  | ({ kind: "dns" } & DnsProbeOptions);

export type AnyProbeResult = ProbeResult<SmtpDetails> | ProbeResult<Pop3Details> | ProbeResult<TcpDetails> | ProbeResult<DnsDetails>;

/** Runs the probe named by `kind`. Throws ProbeInputError for invalid requests. */
export function runProbe(request: ProbeRequest): Promise<AnyProbeResult> {
  if (!request || typeof request !== "object") return Promise.reject(new ProbeInputError("probe request must be an object"));
  const { kind, ...options } = request;
  switch (kind) {
    case "smtp":
      return probeSmtp(options as SmtpProbeOptions);
    case "pop3":
      return probePop3(options as Pop3ProbeOptions);
    case "tcp":
      return probeTcp(options as TcpProbeOptions);
    case "dns":
      return probeDns(options as DnsProbeOptions);
    default:
      return Promise.reject(new ProbeInputError(`unknown probe kind ${JSON.stringify(kind)} (smtp, pop3, tcp, dns)`));
  }
}
