/**
 * The stable catalogue of probe findings. Ids never change meaning once
 * published: the knowledge base maps them to causes through its checks (data),
 * so a new article can reuse them without code changes. Add ids, do not rename.
 *
 * "Clean" findings (severity info) record that the healthy behaviour was
 * observed, so the knowledge base can refute a cause.
 */

export type Severity = "info" | "warning" | "critical";

export interface FindingDefinition {
  severity: Severity;
  title: string;
  /** What it means, in one or two sentences, for people and for the UI. */
  description: string;
}

function def(severity: Severity, title: string, description: string): FindingDefinition {
  return { severity, title, description };
}

export const FINDINGS = {
  // --- SMTP greeting -----------------------------------------------------
  "smtp.banner.masked": def(
    "warning",
    "SMTP banner masked with asterisks",
    "The greeting is made of '*' except the '2' and '0' characters: Cisco PIX Mailguard (fixup protocol smtp, PIX 5.1 and later; all asterisks on 4.4) is inspecting SMTP in front of the server.",
  ),
  "smtp.banner.pix_cmap": def(
    "warning",
    "SMTP banner is the old PIX 'SMTP/cmap' form",
    "The greeting reads 'SMTP/cmap____...read', the banner of earlier PIX devices with the Mailguard (mailhost) feature.",
  ),
  "smtp.banner.iis_smtp": def(
    "warning",
    "Port answered by the IIS SMTP service",
    "The greeting is 'Microsoft ESMTP MAIL Service, Version: ...', the IIS SMTP service (also the transport of Exchange 2000/2003). On an Exchange 2007 or later server it holds port 25 that the Transport service needs.",
  ),
  "smtp.banner.clear": def("info", "SMTP banner readable", "A normal, unmasked 220 greeting was received."),
  "smtp.greeting.rejected": def(
    "warning",
    "Server refused the session in its greeting",
    "The greeting was not 220 (for example 554): the server does not offer SMTP service to this client.",
  ),
  "smtp.reply.service_unavailable": def(
    "warning",
    "421 service not available",
    "The server answered 421: it is closing the transmission channel (overload, rate limit, too many errors or a block).",
  ),
  // --- EHLO / ESMTP --------------------------------------------------------
  "smtp.ehlo.rejected": def(
    "warning",
    "EHLO rejected",
    "EHLO was answered with 500 (or a non-SMTP 'OK'): something between client and server passes only RFC 821 commands, typically PIX Mailguard, or the server does not speak ESMTP.",
  ),
  "smtp.ehlo.accepted": def("info", "EHLO accepted", "EHLO was answered with 250 and an extension list."),
  "smtp.esmtp.missing": def(
    "warning",
    "Expected ESMTP extensions missing",
    "Extensions a modern server advertises (listed in the finding data) are absent; an SMTP-inspecting firewall may be stripping them.",
  ),
  "smtp.esmtp.extensions_present": def("info", "Expected ESMTP extensions present", "All expected ESMTP extensions were advertised."),
  // --- invalid command test -----------------------------------------------
  "smtp.unknown_command.accepted": def(
    "warning",
    "Invalid command answered 'OK'",
    "An invalid command (such as 'goodmorning') was answered OK/2xx. A mail server answers 500 or 502; PIX Mailguard answers OK to commands it does not pass.",
  ),
  "smtp.unknown_command.rejected": def("info", "Invalid command rejected", "An invalid command was answered with 500/502 as a mail server should."),
  "smtp.unknown_command.blocked": def(
    "warning",
    "Invalid command blocked",
    "An invalid command got no reply or the connection was closed: an SMTP-inspecting device may be blocking it.",
  ),
  // --- STARTTLS / TLS ----------------------------------------------------
  "smtp.starttls.unavailable": def("warning", "STARTTLS not offered", "The server (or what is in front of it) does not advertise STARTTLS."),
  "smtp.starttls.failed": def("critical", "STARTTLS failed", "STARTTLS was refused or the TLS handshake after it failed."),
  "smtp.starttls.established": def("info", "STARTTLS established", "STARTTLS succeeded and EHLO was sent again inside TLS."),
  "tls.handshake_failed": def("critical", "TLS handshake failed", "The TLS handshake on an implicit-TLS port (465, 995) failed or timed out."),
  "smtp.tls.certificate_problem": def(
    "warning",
    "TLS certificate does not verify",
    "The certificate is expired, not yet valid, self-signed, issued for another name or by an unknown issuer (reasons in the finding data).",
  ),
  "smtp.tls.certificate_valid": def("info", "TLS certificate verifies", "The certificate chain verifies, the name matches and it is within its validity period."),
  "smtp.starttls.required_for_mail": def("info", "STARTTLS required before MAIL FROM", "The server refused MAIL FROM before STARTTLS."),
  "smtp.starttls.not_required_for_mail": def("info", "MAIL FROM accepted without TLS", "The server accepted MAIL FROM on the unencrypted session."),
  // --- session end -------------------------------------------------------
  "smtp.close.reset_after_tls": def(
    "warning",
    "Connection reset after a TLS session ends",
    "After QUIT and 221 the client got a TCP reset instead of FIN, only when STARTTLS was used: the ISA Server 2006 / Forefront TMG 2010 SMTP filter behaviour (0x80074e24 FWX_E_CONNECTION_KILLED).",
  ),
  "smtp.close.reset": def("warning", "Connection reset at the end of the session", "After QUIT the connection was ended with a TCP reset, with or without TLS."),
  "smtp.close.graceful_after_tls": def("info", "TLS session closed gracefully", "After QUIT and 221 the TLS session ended with a normal FIN."),
  "smtp.close.graceful": def("info", "Session closed gracefully", "After QUIT and 221 the connection ended with a normal FIN."),
  // --- DATA --------------------------------------------------------------
  "smtp.data.split_terminator_lost": def(
    "critical",
    "End of data lost when CRLF.CRLF is split",
    "With the terminating CRLF.CRLF split over separate TCP segments no 250 ever came, while the same message in one segment was accepted: the PIX Mailguard duplicate-message bug (CSCds90792); senders retry and recipients get copies at a consistent interval.",
  ),
  "smtp.data.split_terminator_ok": def("info", "Split end-of-data accepted", "The message was accepted with the CRLF.CRLF terminator split over separate TCP segments."),
  "smtp.data.not_accepted": def("warning", "Message data not accepted", "The test message was not accepted even with an unsplit terminator."),
  // --- envelope ----------------------------------------------------------
  "smtp.auth.exchange_auth_unavailable": def(
    "warning",
    "451 5.7.3 Cannot achieve Exchange Server authentication",
    "The receiving Exchange server answered 451 5.7.3: TLS and Exchange Server authentication are not both enabled on its Receive connector.",
  ),
  "smtp.client.blocked": def(
    "critical",
    "550 5.7.1 client does not have permissions to submit",
    "The server answered 550 5.7.1 with a text saying the client does not have permissions to submit (document 004: 'External client does not have permissions to submit to this server'): this client's address is not allowed to submit mail, e.g. an Exchange 2007 Edge Transport server's IP block list.",
  ),
  "smtp.relay.denied": def(
    "warning",
    "5.7.1 relaying denied or not permitted",
    "The server refused the envelope with a 5.7.1 status whose text is not the 'does not have permissions to submit' one (for example 'relaying denied'): the sender or recipient is not accepted from this client.",
  ),
  "smtp.envelope.rejected": def("warning", "MAIL FROM / RCPT TO rejected", "The envelope was refused with another 4xx/5xx answer (in the data)."),
  "smtp.envelope.accepted": def("info", "MAIL FROM / RCPT TO accepted", "Sender and recipient were accepted (the transaction was then reset)."),
  // --- repeated connects ---------------------------------------------------
  "tcp.connect.intermittent_failures": def(
    "critical",
    "Intermittent TCP connect failures",
    "Some of the repeated connects failed (timed out, refused or reset) while others worked: for example fast source-port reuse by ISA 2000's Firewall client hitting TIME_WAIT on the server.",
  ),
  "tcp.connect.stable": def("info", "Repeated TCP connects all succeeded", "Every connect of the repeated run succeeded."),
  "pop3.connect.intermittent_failures": def(
    "critical",
    "Intermittent POP3 connection failures",
    "Some repeated POP3 connects got no +OK greeting in time (timed out, refused or reset) while others worked: the ISA 2000 Firewall client port-reuse pattern (WSAETIMEDOUT 10060).",
  ),
  "pop3.connect.stable": def("info", "Repeated POP3 connects all succeeded", "Every repeated connect got its +OK greeting."),
  // --- POP3 ----------------------------------------------------------------
  "pop3.banner.error": def("warning", "POP3 greeting is not +OK", "The POP3 server greeted with -ERR or something that is not a POP3 status line."),
  "pop3.stls.unavailable": def("warning", "STLS not offered", "The POP3 server does not advertise STLS in CAPA."),
  "pop3.stls.failed": def("critical", "STLS failed", "STLS was refused or the TLS handshake after it failed."),
  "pop3.tls.certificate_problem": def("warning", "POP3 TLS certificate does not verify", "The POP3 server's certificate does not verify (reasons in the finding data)."),
  // --- target / policy -----------------------------------------------------
  "target.unreachable": def("critical", "Target unreachable", "The TCP connection could not be established (refused, timed out or no route)."),
  "target.denied_by_policy": def(
    "critical",
    "Target denied by policy",
    "The port or a resolved address is not allowed by the probe target policy; nothing was sent to it.",
  ),
  "target.resolution_failed": def("critical", "Target name did not resolve", "The host name has no usable A/AAAA (or MX) records."),
  "target.busy": def(
    "warning",
    "Too many checks to this address",
    "The check never got a slot: the most checks allowed at once to this address and port were already running until it had to stop.",
  ),
  // --- server behaviour ----------------------------------------------------
  "server.silent": def("critical", "Server silent", "The connection was accepted but no greeting came before the deadline."),
  "server.greeting_delayed": def(
    "warning",
    "Greeting delayed",
    "The greeting came only after several seconds: a tarpit or postscreen-like pause, or a slow reverse lookup on the server.",
  ),
  "server.reset": def("critical", "Connection reset by the server", "The server (or a device in between) reset the connection during the session."),
  "server.protocol_violation": def(
    "warning",
    "Protocol violation",
    "The server sent something that is not a valid reply (garbage, binary data, an endless multi-line reply, data after STARTTLS, or a reply cut by a close).",
  ),
  "server.line_too_long": def("warning", "Line too long", "The server sent a line longer than the probe accepts; reading stopped there."),
  "server.reply_timeout": def("warning", "Reply not received in time", "A command got no complete reply before its deadline."),
  "server.closed_early": def("warning", "Connection closed early", "The server closed the connection before the dialogue was over."),
  // --- DNS -----------------------------------------------------------------
  "dns.mx.found": def("info", "MX records found", "The domain has MX records (listed in the data)."),
  "dns.mx.missing": def("warning", "No MX records", "The domain has no MX records; senders fall back to its A/AAAA records (implicit MX)."),
  "dns.mx.null": def("warning", "Null MX", "The domain publishes a null MX ('.') and accepts no mail (RFC 7505)."),
  "dns.mx.unresolvable": def("warning", "MX host without address", "An MX host name has no A/AAAA record."),
  "dns.domain.not_found": def("critical", "Domain does not exist", "The DNS answered NXDOMAIN."),
  "dns.resolution_failed": def("critical", "DNS query failed", "A DNS query timed out or failed (SERVFAIL, refused)."),
  "dns.ptr.missing": def("warning", "No reverse DNS", "An address has no PTR record; many receivers distrust such senders."),
  "dns.ptr.mismatch": def("warning", "Reverse DNS does not match forward", "The PTR name of an address does not resolve back to that address."),
  "dns.ptr.confirmed": def("info", "Forward and reverse DNS agree", "The PTR name resolves back to the address (forward-confirmed reverse DNS)."),
} as const satisfies Record<string, FindingDefinition>;

export type FindingId = keyof typeof FINDINGS;

export const FINDING_IDS = Object.keys(FINDINGS) as FindingId[];

export function isFindingId(id: string): id is FindingId {
  return Object.prototype.hasOwnProperty.call(FINDINGS, id);
}

/** The catalogue as a list (for the UI, the KB editor and `relaydesk findings`). */
export function findingCatalogue(): Array<{ id: FindingId } & FindingDefinition> {
  return FINDING_IDS.map((id) => ({ id, ...FINDINGS[id] }));
}

/** Ids emitted only when the healthy behaviour was observed (used to refute causes). */
export const CLEAN_FINDING_IDS: readonly FindingId[] = FINDING_IDS.filter((id) => FINDINGS[id].severity === "info");
