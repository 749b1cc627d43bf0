import type { CheckSeed } from "@/lib/kb/seed-schema";

/**
 * Which live-probe findings confirm or refute a cause (weight 1 weak, 2 moderate, 3 strong).
 * Every check is grounded in a source document; `symptom` names the symptom whose text is
 * shown beside the evidence. `probe` is the probe step that produces the finding.
 */
export const checks: CheckSeed[] = [
  // --- Cisco PIX Mailguard (001, 002, 004 PIX topic) ---
  {
    cause: "cisco-pix-mailguard",
    symptom: "pix2007-masked-smtp-banner",
    probe: "smtp.banner",
    findingId: "smtp.banner.masked",
    effect: "confirms",
    weight: 3,
    explanation:
      'A banner of asterisks that keeps only "2" and "0" characters (220*******************************0*2******0***********) is what Mailguard shows: on PIX firmware 5.1 and later the fixup protocol smtp command changes the SMTP banner characters to asterisks except the "2" and "0" characters; in version 4.4 all characters are converted to asterisks.',
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "pix2007-cmap-smtp-banner",
    probe: "smtp.banner",
    findingId: "smtp.banner.pix_cmap",
    effect: "confirms",
    weight: 3,
    explanation: "Earlier versions of PIX devices answer with the banner 220 SMTP/cmap_____________________________________read when Mailguard is running.",
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "pix2007-masked-smtp-banner",
    probe: "smtp.banner",
    findingId: "smtp.banner.clear",
    effect: "refutes",
    weight: 2,
    explanation:
      "The banner is not masked: with Mailguard, PIX 5.1 and later mask the SMTP banner with asterisks, 4.4 converts all banner characters to asterisks, and earlier PIX devices answer SMTP/cmap. Other firewall products with SMTP Proxy functionality can still cause similar issues.",
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "kb295725-ehlo-ok-or-500",
    probe: "smtp.ehlo",
    findingId: "smtp.ehlo.rejected",
    effect: "confirms",
    weight: 2,
    explanation:
      "Mailguard blocks all ESMTP commands; the documented check for Mailguard is to issue EHLO and receive 500 Unrecognized command (or OK).",
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "kb295725-ehlo-ok-or-500",
    probe: "smtp.ehlo",
    findingId: "smtp.ehlo.accepted",
    effect: "refutes",
    weight: 2,
    explanation:
      'EHLO was answered with 250 and an extension list. When the Mailguard feature is turned on it blocks all ESMTP commands; behind Mailguard the EHLO command gets "500 Unrecognized command" or "OK".',
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "kb295725-x-link2state-not-passed",
    probe: "smtp.ehlo",
    findingId: "smtp.esmtp.missing",
    effect: "confirms",
    weight: 2,
    explanation:
      "When Mailguard is turned on, it blocks all ESMTP commands and the PIX firewall does not forward them to the mail server (X-LINK2STATE, Auth, Auth login, KILL, WIZ): the X-LINK2STATE verb is not passed and the Auth and Auth login commands are removed.",
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "kb295725-x-link2state-not-passed",
    probe: "smtp.ehlo",
    findingId: "smtp.esmtp.extensions_present",
    effect: "refutes",
    weight: 2,
    explanation:
      "ESMTP extensions such as X-LINK2STATE or AUTH reach the client; Mailguard allows only the seven RFC 821 section 4.5.1 commands (HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and removes Auth and Auth login.",
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "kb295725-invalid-command-answered-ok",
    probe: "smtp.unknown_command",
    findingId: "smtp.unknown_command.accepted",
    effect: "confirms",
    weight: 3,
    explanation:
      'An invalid command such as goodmorning was answered with OK. When the Mailguard feature is turned on, the PIX firewall intercepts the invalid command and responds with "OK" whether the command is valid or not; a mail server without Mailguard answers "500 Command unrecognized".',
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "kb295725-invalid-command-answered-ok",
    probe: "smtp.unknown_command",
    findingId: "smtp.unknown_command.rejected",
    effect: "refutes",
    weight: 2,
    explanation:
      'The invalid command was rejected (500/502): when the Mailguard feature is turned off, the mail server responds to an invalid command with "500 Command unrecognized". (The Exchange 2007 topic notes that PIX also rejects some other commands with 500, so this is not conclusive.)',
  },
  {
    cause: "cisco-pix-mailguard",
    probe: "smtp.starttls",
    findingId: "smtp.starttls.unavailable",
    effect: "confirms",
    weight: 1,
    explanation:
      "STARTTLS is not offered. Mailguard blocks all ESMTP commands and passes only the seven minimum SMTP commands; many other servers simply do not offer STARTTLS, so this is weak evidence.",
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "pix2007-cannot-telnet-port-25",
    probe: "tcp.connect",
    findingId: "target.unreachable",
    effect: "confirms",
    weight: 1,
    explanation:
      "Behind a PIX with Mailguard you may be unable to establish a Telnet session to port 25 (especially with a Telnet client that uses character mode); an unreachable port 25 has many other causes.",
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "pix2007-pop3-auth-550-5-7-1-relaying-denied",
    probe: "smtp.envelope",
    findingId: "smtp.client.blocked",
    effect: "confirms",
    weight: 1,
    explanation:
      'When the firewall removes the Auth and Auth login commands, Exchange assumes that you are relaying e-mail from a remote domain and answers "550 5.7.1 relaying denied".',
  },
  // --- Mailguard split CRLF.CRLF terminator (CSCds90792) ---
  {
    cause: "cisco-pix-mailguard-split-terminator",
    symptom: "kb295725-no-response-to-crlf-crlf",
    probe: "smtp.data",
    findingId: "smtp.data.split_terminator_lost",
    effect: "confirms",
    weight: 3,
    explanation:
      "The CRLF.CRLF terminating string was sent in separate packets and no response came back. Mailguard rejects a broken terminator and does not pass it to the mail server; the sending host never receives confirmation and re-queues the message, producing duplicate inbound messages (Cisco bug CSCds90792).",
  },
  {
    cause: "cisco-pix-mailguard-split-terminator",
    symptom: "kb295725-no-response-to-crlf-crlf",
    probe: "smtp.data",
    findingId: "smtp.data.split_terminator_ok",
    effect: "refutes",
    weight: 2,
    explanation:
      "A CRLF.CRLF terminator split across packets was acknowledged normally (250 OK); the Mailguard split-terminator issue is fixed in later PIX software releases.",
  },
  // --- ISA Server 2006 / Forefront TMG 2010 SMTP filter ---
  {
    cause: "isa-tmg-smtp-filter-tls-reset",
    symptom: "isa-tmg-resets-smtp-client-after-tls",
    probe: "smtp.quit",
    findingId: "smtp.close.reset_after_tls",
    effect: "confirms",
    weight: 3,
    explanation:
      "After a TLS session the connection to the SMTP client was reset. With SMTP filtering, ISA Server 2006 or Forefront TMG 2010 resets the connection to the SMTP client when the SMTP server closes its connection with a TCP FIN packet, because it cannot inspect encrypted traffic for the SMTP QUIT command (ISA logging: 0x80074e24 FWX_E_CONNECTION_KILLED).",
  },
  {
    cause: "isa-tmg-smtp-filter-tls-reset",
    symptom: "isa-tmg-resets-smtp-client-after-tls",
    probe: "smtp.quit",
    findingId: "smtp.close.graceful_after_tls",
    effect: "refutes",
    weight: 3,
    explanation:
      "After TLS and QUIT the connection closed with a TCP FIN packet, not a reset. (With hotfix 959357 and GracefulPassthroughServerShutdown set to true, ISA Server returns a TCP FIN packet to the SMTP client instead of a RESET packet.)",
  },
  // --- ISA 2000 Firewall client fast source-port reuse ---
  {
    cause: "isa-2000-fwsrv-port-reuse",
    symptom: "isa2000-pop3-access-frequently-failing",
    probe: "pop3.repeat",
    findingId: "pop3.connect.intermittent_failures",
    effect: "confirms",
    weight: 3,
    explanation:
      "Repeated connections to the POP3 server fail intermittently, as in the netsh diag connect iphost FQDN 110 loop: ISA 2000 very rapidly reuses source ports whose socket endpoint on the POP3 server is still in the TIME_WAIT state, so the connection times out (WSAETIMEDOUT 10060).",
  },
  {
    cause: "isa-2000-fwsrv-port-reuse",
    symptom: "isa2000-connect-loop-failures",
    probe: "tcp.repeat",
    findingId: "tcp.connect.intermittent_failures",
    effect: "confirms",
    weight: 2,
    explanation:
      "Repeated TCP connections fail intermittently. The fast reuse of source ports by the ISA External interface is a potential problem for any TCP based access handled by the Firewall client, not only POP3.",
  },
  {
    cause: "isa-2000-fwsrv-port-reuse",
    symptom: "isa2000-pop3-access-frequently-failing",
    probe: "pop3.repeat",
    findingId: "pop3.connect.stable",
    effect: "refutes",
    weight: 2,
    explanation:
      "A loop of repeated POP3 connections completed without a single failure; in the article, the connect loop very rapidly showed connection failures while the problem was present.",
  },
  {
    cause: "isa-2000-fwsrv-port-reuse",
    symptom: "isa2000-connect-loop-failures",
    probe: "tcp.repeat",
    findingId: "tcp.connect.stable",
    effect: "refutes",
    weight: 1,
    explanation:
      "Repeated TCP connections completed without failure; in the article, the connect loop very rapidly showed connection failures while the problem was present.",
  },
  // --- Exchange 2007 Edge -> Hub 451 5.7.3 ---
  {
    cause: "exchange-2007-receive-connector-tls-auth-missing",
    symptom: "edge-queue-451-5-7-3",
    probe: "smtp.envelope",
    findingId: "smtp.auth.exchange_auth_unavailable",
    effect: "confirms",
    weight: 3,
    explanation:
      'The server answered 451 5.7.3 "Cannot achieve Exchange Server authentication", which occurs when both TLS and Exchange Server Authentication are not configured on the default Receive connector of the receiving Hub Transport server.',
  },
  {
    cause: "exchange-2007-receive-connector-tls-auth-missing",
    symptom: "edge-queue-451-5-7-3",
    probe: "smtp.starttls",
    findingId: "smtp.starttls.unavailable",
    effect: "confirms",
    weight: 1,
    explanation:
      "STARTTLS is not offered; the 451 5.7.3 issue occurs when Transport Layer Security (TLS) and Exchange Server Authentication are not configured on the Hub Transport server's default Receive connector. Weak on its own: only meaningful when the target is a Hub Transport server receiving from an Edge Transport server.",
  },
  // --- Edge IP block list ---
  {
    cause: "edge-ip-block-list-internal-hosts",
    symptom: "edge-inbound-550-5-7-1-external-client",
    probe: "smtp.envelope",
    findingId: "smtp.client.blocked",
    effect: "confirms",
    weight: 2,
    explanation:
      "The server rejected the client with 550 5.7.1 (External client does not have permissions to submit to this server), which occurs when the Edge Transport server blocks the IP address of the internal firewall or of a Hub Transport server; confirm with Get-IPBlockListEntry.",
  },
  // --- IIS SMTP service holding port 25 ---
  {
    cause: "iis-smtp-service-holds-port-25",
    symptom: "exchange-transport-event-1032-socket-access-denied",
    probe: "smtp.banner",
    findingId: "smtp.banner.iis_smtp",
    effect: "confirms",
    weight: 2,
    explanation:
      "Port 25 is answered by the IIS SMTP service. On an Exchange 2007 Hub Transport server, the Microsoft Exchange Transport service fails to start (Event ID 1032 Socket Access Denied. Binding: 0.0.0.0:25.; Event ID 1036) when the IIS SMTP service has been installed and is running.",
  },
];
