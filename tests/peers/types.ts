/**
 * Shared shapes of the RelayDesk test peers. Other suites (probe engine tests,
 * end-to-end browser tests) code against these names; keep them stable.
 */

/** Something a peer saw or did, recorded for assertions. */
export interface PeerEvent {
  /** Date.now() when it happened. */
  at: number;
  /** Short machine-friendly label, e.g. "blocked", "client-reset", "dropped". */
  kind: string;
  /** Human-readable detail; connection-scoped events start with "[cN] ". */
  detail: string;
}

export interface RunningPeer {
  host: string;
  port: number;
  events: PeerEvent[];
  /** Destroys every open socket, stops listening and clears timers. Idempotent. */
  close(): Promise<void>;
}

export interface KeyCert {
  key: string;
  cert: string;
}

export interface TestCertificates {
  /** PEM of the test CA that signed `valid`, `expired` and `wrongName`. */
  caPem: string;
  /** CA-signed, CN/SAN localhost + IP 127.0.0.1 and ::1, currently valid. */
  valid: KeyCert;
  /** Same names, but signed by its own key (not by the CA). */
  selfSigned: KeyCert;
  /** CA-signed localhost certificate whose validity ended in the past. */
  expired: KeyCert;
  /** CA-signed and current, but issued for a different host name only. */
  wrongName: KeyCert;
}

/** Which leaf certificate a TLS-capable peer presents. */
export type CertificateChoice = "valid" | "self-signed" | "expired" | "wrong-name";
