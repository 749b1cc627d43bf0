/**
 * RelayDesk test peers: real servers and faithful firewall emulators, all bound
 * to loopback on ephemeral ports. See the individual modules for the behaviour
 * each one reproduces and the source document it comes from.
 */
export type { PeerEvent, RunningPeer, TestCertificates, KeyCert, CertificateChoice } from "./types";
export { createTestCertificates, keyCertFor } from "./certs";
export { startMailServer, DEFAULT_BANNER } from "./mail-server";
export type { MailServerOptions, ReceivedMessage, RunningMailServer } from "./mail-server";
export {
  startMailguardFront,
  maskBannerLine,
  MAILGUARD_COMMANDS,
  CMAP_BANNER,
  EHLO_REFUSAL,
  BLOCKED_OK,
  BLOCKED_500,
} from "./mailguard";
export type { MailguardOptions, MailguardBannerStyle } from "./mailguard";
export { startIsaTlsResetProxy, ISA_TLS_VERBS, FWX_E_CONNECTION_KILLED } from "./isa-tls-reset";
export type { IsaTlsResetOptions } from "./isa-tls-reset";
export { startPop3Server, POP3_MAILDROP } from "./pop3-server";
export type { Pop3ServerOptions } from "./pop3-server";
export { startDroppingFront, createDropSchedule } from "./dropping-front";
export type { DroppingFrontOptions } from "./dropping-front";
export { startScriptedSmtpServer, SCRIPTED_DATA_ACCEPTED } from "./scripted-smtp";
export type { ScriptedSmtpOptions, ScriptedVerb } from "./scripted-smtp";
export { startHostileServer, garbageBytes, HOSTILE_BANNER, HOSTILE_HOSTNAME, HUGE_LINE_BYTES, GARBAGE_BYTES } from "./hostile";
export type { HostileKind, HostileOptions } from "./hostile";
export { LineReader, verbOf } from "./line-reader";
export type { LineEvent } from "./line-reader";
export { SmtpReplyReader } from "./smtp-reply";
export type { SmtpReplyLine, ReplyEvent } from "./smtp-reply";
export { RawClient } from "./raw-client";
export type { ClientEnd } from "./raw-client";
