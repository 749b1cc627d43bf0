/**
 * TLS session and certificate summary, with verification failures explained in
 * words (expired, not yet valid, self-signed, name mismatch, unknown issuer).
 */
import tls from "node:tls";
import net from "node:net";
import type { TlsCertificateSummary, TlsProblem, TlsSummary } from "./types";

function dn(obj: unknown): string {
  if (!obj || typeof obj !== "object") return "";
  return Object.entries(obj as Record<string, unknown>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : String(v)}`)
    .join(", ");
}

function cn(obj: unknown): string | null {
  if (!obj || typeof obj !== "object") return null;
  const v = (obj as Record<string, unknown>).CN;
  return typeof v === "string" ? v : Array.isArray(v) ? String(v[0]) : null;
}

function sans(cert: tls.PeerCertificate): string[] {
  return (cert.subjectaltname ?? "")
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function summariseCert(cert: tls.PeerCertificate): TlsCertificateSummary {
  return {
    subject: dn(cert.subject),
    issuer: dn(cert.issuer),
    subjectAltNames: sans(cert),
    validFrom: cert.valid_from,
    validTo: cert.valid_to,
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    selfSigned: dn(cert.subject) === dn(cert.issuer),
  };
}

function chainOf(cert: tls.DetailedPeerCertificate): Array<{ subject: string; issuer: string }> {
  const chain: Array<{ subject: string; issuer: string }> = [];
  const seen = new Set<string>();
  let cur: tls.DetailedPeerCertificate | undefined = cert;
  while (cur && Object.keys(cur).length > 0 && chain.length < 10) {
    const fp = cur.fingerprint256;
    if (seen.has(fp)) break;
    seen.add(fp);
    chain.push({ subject: dn(cur.subject), issuer: dn(cur.issuer) });
    cur = cur.issuerCertificate;
  }
  return chain;
}

const CODE_KIND: Record<string, TlsProblem["kind"]> = {
  CERT_HAS_EXPIRED: "expired",
  CERT_NOT_YET_VALID: "not_yet_valid",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self_signed",
  SELF_SIGNED_CERT_IN_CHAIN: "self_signed",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "unknown_issuer",
  UNABLE_TO_GET_ISSUER_CERT: "unknown_issuer",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "unknown_issuer",
  ERR_TLS_CERT_ALTNAME_INVALID: "name_mismatch",
};

function words(kind: TlsProblem["kind"], cert: TlsCertificateSummary | null, servername: string, code?: string): string {
  switch (kind) {
    case "expired":
      return `the certificate has expired (valid until ${cert?.validTo ?? "unknown"})`;
    case "not_yet_valid":
      return `the certificate is not valid yet (valid from ${cert?.validFrom ?? "unknown"})`;
    case "self_signed":
      return "the certificate is self-signed: no trusted authority issued it";
    case "unknown_issuer":
      return `the certificate was issued by an unknown authority (${cert?.issuer || "no issuer"}) that is not trusted here`;
    case "name_mismatch":
      return `the certificate is for ${cert && cert.subjectAltNames.length > 0 ? cert.subjectAltNames.join(", ") : (cert?.subject ?? "another name")}, not for ${servername}`;
    default:
      return `the certificate does not verify (${code ?? "unknown reason"})`;
  }
}

/**
 * Summary of an established TLS socket. `servername` is the name (or address)
 * the certificate must cover. The chain result comes from OpenSSL
 * (`authorizationError`), dates and name are checked here as well so that every
 * applicable reason is listed, not only the first.
 */
export function summariseTls(socket: tls.TLSSocket, servername: string, now: Date = new Date()): TlsSummary {
  const detailed = socket.getPeerCertificate(true);
  const hasCert = detailed && Object.keys(detailed).length > 0;
  const certificate = hasCert ? summariseCert(detailed) : null;
  const problems: TlsProblem[] = [];
  const add = (kind: TlsProblem["kind"], code?: string): void => {
    if (problems.some((p) => p.kind === kind)) return;
    const p: TlsProblem = { kind, words: words(kind, certificate, servername, code) };
    if (code !== undefined) p.code = code;
    problems.push(p);
  };
  const authErr = socket.authorizationError ? String(socket.authorizationError) : null;
  if (authErr) add(CODE_KIND[authErr] ?? "other", authErr);
  if (hasCert) {
    const from = Date.parse(detailed.valid_from);
    const to = Date.parse(detailed.valid_to);
    if (Number.isFinite(to) && to < now.getTime()) add("expired", "CERT_HAS_EXPIRED");
    if (Number.isFinite(from) && from > now.getTime()) add("not_yet_valid", "CERT_NOT_YET_VALID");
    if (certificate?.selfSigned && authErr) add("self_signed", authErr);
    const nameErr = tls.checkServerIdentity(servername.replace(/^\[|\]$/g, ""), detailed);
    if (nameErr) add("name_mismatch", (nameErr as NodeJS.ErrnoException).code ?? "ERR_TLS_CERT_ALTNAME_INVALID");
  } else {
    add("other", "NO_CERTIFICATE");
  }
  const cipher = socket.getCipher();
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: cipher ? cipher.standardName || cipher.name : null,
    servername,
    authorized: problems.length === 0,
    problems,
    certificate,
    chain: hasCert ? chainOf(detailed) : [],
  };
}

/** SNI must be a host name, never an address literal (RFC 6066 section 3). */
export function sniFor(name: string): string | undefined {
  return net.isIP(name) ? undefined : name;
}

/** One-line description for the transcript. */
export function describeTls(s: TlsSummary): string {
  const subject = s.certificate ? cn(parseDn(s.certificate.subject)) ?? s.certificate.subject : "no certificate";
  const issuer = s.certificate ? cn(parseDn(s.certificate.issuer)) ?? s.certificate.issuer : "-";
  return `TLS established: ${s.protocol ?? "?"} ${s.cipher ?? "?"}; certificate subject ${subject}, issuer ${issuer}; ${s.authorized ? "verified" : `NOT verified: ${s.problems.map((p) => p.words).join("; ")}`}`;
}

function parseDn(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/,\s*/)) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}
