/**
 * Named limits and deadlines of the probe engine. Every one of them can be
 * overridden per probe through the `timeouts` / `limits` options; these are the
 * defaults used when an option is absent (compare nodemailer's CONNECTION_TIMEOUT,
 * GREETING_TIMEOUT, SOCKET_TIMEOUT at the top of lib/smtp-connection).
 */

/** TCP connect (SYN to established). */
export const CONNECT_TIMEOUT_MS = 10_000;
/** From established to the end of the greeting (banner). */
export const GREETING_TIMEOUT_MS = 30_000;
/** A greeting arriving later than this is reported as a delayed greeting (tarpit, postscreen-like pause). */
export const GREETING_DELAY_THRESHOLD_MS = 3_000;
/** From a command written to the end of its reply. */
export const COMMAND_TIMEOUT_MS = 15_000;
/** TLS handshake (implicit TLS or after STARTTLS/STLS). */
export const TLS_TIMEOUT_MS = 10_000;
/** From the end-of-data terminator written to the final reply (RFC 5321 suggests 10 minutes; a probe waits less). */
export const DATA_TIMEOUT_MS = 30_000;
/** After QUIT and its reply: how long to wait for the peer to close (FIN or RST). */
export const CLOSE_TIMEOUT_MS = 3_000;
/** Whole-probe deadline: every probe ends by then, whatever the peer does. */
export const PROBE_TIMEOUT_MS = 120_000;
/** One DNS question. */
export const DNS_TIMEOUT_MS = 5_000;
/** Repeated connects: per attempt (TCP connect, or connect + greeting for POP3). */
export const ATTEMPT_TIMEOUT_MS = 5_000;
/** After a successful TCP connect, how long to watch for an immediate reset before calling it ok. */
export const RESET_SETTLE_MS = 50;
/**
 * After QUIT: how long to keep watching for a RST right behind the peer's FIN.
 * FIN and RST are read on the TCP socket itself (also under TLS), so a RST sent
 * instead of a FIN is seen without waiting; 0 by default.
 */
export const CLOSE_RESET_SETTLE_MS = 0;
/** After the peer's FIN: longest wait for the confirming write that tells FIN from RST. */
export const CONFIRM_FIN_MS = 250;
/** Gap between the TCP segments of a split end-of-data terminator. */
export const SPLIT_SEGMENT_GAP_MS = 200;

/** Longest accepted line in bytes, without the line ending (RFC 5321 says 512 for replies; be lenient). */
export const MAX_LINE_LENGTH = 4_096;
/** Most lines accepted in one multi-line reply (EHLO, CAPA). */
export const MAX_REPLY_LINES = 100;
/** Most bytes accepted from one server over one connection. */
export const MAX_SESSION_BYTES = 256 * 1024;
/** Transcript lines longer than this (after escaping) are truncated with a marker. */
export const MAX_TRANSCRIPT_LINE_CHARS = 1_000;
/** Most transcript entries kept per probe; later ones are dropped with a marker. */
export const MAX_TRANSCRIPT_ENTRIES = 5_000;
/**
 * Most transcript text kept per probe, in bytes (UTF-8): a peer that spews garbage would otherwise
 * store hundreds of kilobytes in every saved diagnosis. Later entries are counted, not kept, and
 * the transcript ends with "[N bytes more not kept]".
 */
export const MAX_TRANSCRIPT_BYTES = 64 * 1024;

/** Repeated connects: default and maximum number of attempts, and interval bounds. */
export const REPEAT_DEFAULT_COUNT = 50;
export const REPEAT_MAX_COUNT = 500;
export const REPEAT_MAX_INTERVAL_MS = 60_000;

/** Concurrency defaults (overall and per target address and port). */
export const DEFAULT_MAX_CONCURRENT_PROBES = 64;
export const DEFAULT_MAX_PROBES_PER_TARGET = 8;
/**
 * TLS handshakes in progress at once in this process. Handshake steps are CPU
 * work on the event loop; bounding them keeps one loop turn short when many
 * probes reach STARTTLS together.
 */
export const MAX_CONCURRENT_TLS_HANDSHAKES = 8;
/**
 * Longest a probe waits for a slot (per address and port, and overall). This wait has its own
 * clock: the probe's deadline starts only when it has a slot.
 */
export const MAX_SLOT_WAIT_MS = 60_000;
/** Most probes waiting for a slot before new ones are refused. */
export const DEFAULT_MAX_QUEUED_PROBES = 1_000;

/** Most addresses tested in one probe (MX hosts x addresses). */
export const MAX_ADDRESSES_PER_PROBE = 16;

/** Defaults of the SMTP dialogue. */
export const DEFAULT_HELO_NAME = "relaydesk.invalid";
export const DEFAULT_UNKNOWN_COMMAND = "goodmorning";
/** Extensions a modern ESMTP server is expected to advertise (checked by smtp.esmtp.missing). */
export const DEFAULT_EXPECTED_EXTENSIONS = ["PIPELINING", "8BITMIME", "STARTTLS"] as const;
