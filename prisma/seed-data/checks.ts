import type { BasisSeed, CheckSeed } from "@/lib/kb/seed-schema";

/**
 * Which live-probe findings speak for or against a cause. Weight: 1 weak, 2 moderate, 3 strong.
 * `verdictStrength: "decisive"` only where a document describes that very observation for that
 * cause (the cause is then `confirmed` / `refuted`); everything else is `supporting` (at most
 * `consistent`). Every check states its basis: the sentence of the source document it rests on
 * (checked verbatim against the documents by `npm run kb:check-sources`), or, where no document
 * says it, `inferred` with the reason. One observation is one check per cause: a single EHLO
 * `500` is not also counted as "extensions missing" or "STARTTLS not offered".
 *
 * Deliberately absent (review of issue 7): a `500` to an invalid command says nothing either
 * way (the documents give it as the mail server's answer with Mailguard off, and as later PIX
 * versions' answer to blocked commands); `target.unreachable` is "could not test", not evidence
 * for a device; "STARTTLS not offered" is named by no Mailguard or Hub document; a stable
 * POP3/TCP loop from the console cannot refute the ISA 2000 cause (the failures happen only
 * for Firewall-client connections; see the cause's vantage note); `550 5.7.1 relaying denied` is
 * documented only as an error on the Exchange server in a POP3 authentication scenario.
 */

const PIX_KB = "cannot-send-or-receive-behind-cisco-pix-firewall"; // 002, KB 295725 rev 5.4
const XCON_KB = "xcon-receiving-duplicate-inbound-smtp-messages"; // 001, KB 295725 (XCON)
const PIX_2007 = "exchange-2007-cannot-send-or-receive-behind-cisco-pix"; // 004, PIX topic
const ISA_TMG = "isa-2006-tmg-2010-resets-smtp-client-after-tls"; // 000
const ISA_2000 = "mystery-of-the-failing-pop3-access-with-isa-2000"; // 003
const EDGE_451 = "edge-queue-451-5-7-3-cannot-achieve-exchange-server-authentication"; // 004
const EDGE_550 = "edge-inbound-550-5-7-1-ndr-ip-block-list"; // 004

const documented = (article: string, quote: string): BasisSeed => ({ kind: "documented", article, quote });
const inferred = (reason: string): BasisSeed => ({ kind: "inferred", reason });

export const checks: CheckSeed[] = [
  // --- Cisco PIX Mailguard (001, 002, 004 PIX topic) ---
  {
    cause: "cisco-pix-mailguard",
    symptom: "pix2007-masked-smtp-banner",
    probe: "smtp.banner",
    findingId: "smtp.banner.masked",
    effect: "confirms",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(
      PIX_KB,
      "On Cisco PIX firewalls with firmware version 5.1 and with later versions, the fixup protocol smtp command changes most characters in the SMTP banner to asterisks.",
    ),
    explanation:
      'The banner is masked with asterisks. On PIX firmware 5.1 and later the fixup protocol smtp command (Mailguard) changes most banner characters to asterisks, except the "2" and "0" characters; in version 4.4 all banner characters are converted to asterisks.',
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "pix2007-cmap-smtp-banner",
    probe: "smtp.banner",
    findingId: "smtp.banner.pix_cmap",
    effect: "confirms",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(PIX_2007, "Earlier versions of PIX devices 220 SMTP/cmap_____________________________________read"),
    explanation:
      "The greeting is 220 SMTP/cmap_____________________________________read, the response the Exchange 2007 topic gives for earlier versions of PIX devices when checking whether Mailguard is running.",
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "pix2007-masked-smtp-banner",
    probe: "smtp.banner",
    findingId: "smtp.banner.clear",
    effect: "refutes",
    weight: 2,
    verdictStrength: "supporting",
    basis: inferred(
      "The documents describe the banner behind Mailguard as masked (PIX 5.1 and later, 4.4) or as SMTP/cmap (earlier devices); a readable banner fits none of them, but not every PIX version's banner is described and other SMTP proxies are not.",
    ),
    explanation:
      "The banner is readable. With Mailguard, PIX 5.1 and later mask the SMTP banner with asterisks, 4.4 converts all banner characters to asterisks and earlier PIX devices answer SMTP/cmap, so a readable banner speaks against Mailguard on the path this check took.",
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "kb295725-ehlo-ok-or-500",
    probe: "smtp.ehlo",
    findingId: "smtp.ehlo.rejected",
    effect: "confirms",
    weight: 2,
    verdictStrength: "supporting",
    basis: documented(
      PIX_2007,
      'When you send an EHLO command to the Exchange server, you receive a "Command unrecognized" response or an "OK" response.',
    ),
    explanation:
      'EHLO was not accepted. The documents list a "Command unrecognized" or "OK" answer to EHLO among the Mailguard symptoms (KB 295725 shows "500 Unrecognized command"); a server that speaks only RFC 821 answers EHLO the same way, so on its own this is consistent with Mailguard, not proof.',
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "kb295725-ehlo-ok-or-500",
    probe: "smtp.ehlo",
    findingId: "smtp.ehlo.accepted",
    effect: "refutes",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(
      PIX_KB,
      "When the Mailguard feature is turned on, it blocks all Extended Simple Mail Transfer Protocol (ESMTP) commands. Mailguard allows only seven basic Simple Mail Transfer Protocol (SMTP) commands to pass.",
    ),
    explanation:
      "EHLO was answered with 250 and an extension list, so EHLO reached an ESMTP server. Mailguard passes only the seven RFC 821 commands (HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and blocks all ESMTP commands, so it is not active on the path this check took.",
  },
  {
    cause: "cisco-pix-mailguard",
    symptom: "kb295725-invalid-command-answered-ok",
    probe: "smtp.unknown_command",
    findingId: "smtp.unknown_command.accepted",
    effect: "confirms",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(
      PIX_KB,
      'However, when the Mailguard feature is turned on, the Cisco PIX firewall responds with the "OK" message, regardless of whether the command is valid or is not valid.',
    ),
    explanation:
      'An invalid command (goodmorning) was answered "OK". With Mailguard turned on, the PIX firewall intercepts the invalid command and responds "OK" whether the command is valid or not; with Mailguard off the mail server answers "500 Command unrecognized". The Exchange 2007 topic limits the "OK" to early PIX versions: later ones reject blocked commands with 500, so a 500 here would not rule Mailguard out.',
  },
  // --- Mailguard split CRLF.CRLF terminator (CSCds90792) ---
  {
    cause: "cisco-pix-mailguard-split-terminator",
    symptom: "kb295725-no-response-to-crlf-crlf",
    probe: "smtp.data",
    findingId: "smtp.data.split_terminator_lost",
    effect: "confirms",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(
      XCON_KB,
      "If for any reason the CRLF.CRLF terminating string is broken into separate packets during transmission, Mailguard rejects it and does not pass it to the mail server.",
    ),
    explanation:
      "With the CRLF.CRLF terminator sent in separate packets no reply came back, while the same message with the terminator in one packet was accepted. Mailguard rejects a broken terminator and does not pass it to the mail server; the sending host never receives confirmation, re-queues the message and the recipients get duplicates (Cisco bug CSCds90792).",
  },
  {
    cause: "cisco-pix-mailguard-split-terminator",
    symptom: "kb295725-no-response-to-crlf-crlf",
    probe: "smtp.data",
    findingId: "smtp.data.split_terminator_ok",
    effect: "refutes",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(
      XCON_KB,
      "If for any reason the CRLF.CRLF terminating string is broken into separate packets during transmission, Mailguard rejects it and does not pass it to the mail server.",
    ),
    explanation:
      "A CRLF.CRLF terminator split across separate packets was acknowledged with 250: on the path this check took, the terminator was not rejected, which is what the duplicate-message issue consists of (Cisco corrected it in later PIX software releases).",
  },
  // --- ISA Server 2006 / Forefront TMG 2010 SMTP filter ---
  {
    cause: "isa-tmg-smtp-filter-tls-reset",
    symptom: "isa-tmg-resets-smtp-client-after-tls",
    probe: "smtp.quit",
    findingId: "smtp.close.reset_after_tls",
    effect: "confirms",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(
      ISA_TMG,
      "In this scenario, ISA Server 2006 or Forefront TMG 2010 resets the connection to the SMTP client when the SMTP server closes its connection to ISA Server or Forefront TMG 2010 with a TCP FIN packet.",
    ),
    explanation:
      "After a TLS session and QUIT the connection to this client was reset, while a session without TLS ended normally. With SMTP filtering, ISA Server 2006 or Forefront TMG 2010 resets the connection to the SMTP client when the SMTP server closes with a TCP FIN packet, because it cannot inspect encrypted traffic for the QUIT command (ISA logging: 0x80074e24 FWX_E_CONNECTION_KILLED).",
  },
  {
    cause: "isa-tmg-smtp-filter-tls-reset",
    symptom: "isa-tmg-resets-smtp-client-after-tls",
    probe: "smtp.quit",
    findingId: "smtp.close.graceful_after_tls",
    effect: "refutes",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(
      ISA_TMG,
      "This hotfix allows the default behavior to be changed so that ISA Server returns a TCP FIN packet to the SMTP client instead of a RESET packet when the SMTP server closes the TCP connection with a TCP FIN packet.",
    ),
    explanation:
      "After TLS and QUIT the connection closed with a TCP FIN packet, not a reset: either no ISA/TMG SMTP filter is on the path this check took, or hotfix 959357 with GracefulPassthroughServerShutdown set to true is already in place.",
  },
  // --- ISA 2000 Firewall client fast source-port reuse ---
  {
    cause: "isa-2000-fwsrv-port-reuse",
    symptom: "isa2000-pop3-access-frequently-failing",
    probe: "pop3.repeat",
    findingId: "pop3.connect.intermittent_failures",
    effect: "confirms",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(
      ISA_2000,
      "This simple command file just establish a TCP connection to the POP3 server on port 110. When the connection succeeds, the connection is closed normally. The success or failure of the connection is reported in the command window. Very rapidly we saw a number of connection failures and this proves that the mail clients are indeed not the culprits.",
    ),
    explanation:
      "Repeated connections to the POP3 server failed on a fraction of the attempts while the others got their greeting, as in the article's netsh diag connect iphost FQDN 110 loop. There, ISA 2000 very rapidly reused source ports whose socket endpoint on the POP3 server was still in TIME_WAIT, so those connections timed out (WSAETIMEDOUT 10060).",
  },
  {
    cause: "isa-2000-fwsrv-port-reuse",
    symptom: "isa2000-connect-loop-failures",
    probe: "tcp.repeat",
    findingId: "tcp.connect.intermittent_failures",
    effect: "confirms",
    weight: 2,
    verdictStrength: "supporting",
    basis: documented(ISA_2000, "In fact it is a potential problem for any TCP based access handled by the Firewall client."),
    explanation:
      "Repeated TCP connections failed intermittently. The fast source-port reuse of the ISA External interface is a potential problem for any TCP based access handled by the Firewall client, but intermittent connect failures have other causes too, so this is consistent with it, not proof.",
  },
  // --- Exchange 2007 Edge -> Hub 451 5.7.3 ---
  {
    cause: "exchange-2007-receive-connector-tls-auth-missing",
    symptom: "edge-queue-451-5-7-3",
    probe: "smtp.envelope",
    findingId: "smtp.auth.exchange_auth_unavailable",
    effect: "confirms",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(
      EDGE_451,
      'In the Queue Viewer, these messages display the error message 451 5.7.3 "Cannot achieve Exchange Server authentication".',
    ),
    explanation:
      'The server answered 451 5.7.3 "Cannot achieve Exchange Server authentication" to MAIL FROM. The topic shows this text in the Edge Transport server\'s Queue Viewer for messages destined for the Hub Transport server, and says it occurs when both TLS and Exchange Server Authentication are not configured on the default Receive connector of the receiving Hub Transport server.',
  },
  // --- Edge IP block list ---
  {
    cause: "edge-ip-block-list-internal-hosts",
    symptom: "edge-inbound-550-5-7-1-external-client",
    probe: "smtp.envelope",
    findingId: "smtp.client.blocked",
    effect: "confirms",
    weight: 3,
    verdictStrength: "decisive",
    basis: documented(EDGE_550, "#550 5.7.1 External client does not have permissions to submit to this server ##"),
    explanation:
      "The server answered 550 5.7.1 External client does not have permissions to submit to this server, the NDR text of the Edge Transport topic. It means the Edge blocks the address this connection came from; the topic's case is the internal firewall's or a Hub Transport server's IP address on the IP block list (confirm with Get-IPBlockListEntry on the Edge).",
  },
  // --- IIS SMTP service holding port 25 ---
  {
    cause: "iis-smtp-service-holds-port-25",
    symptom: "exchange-transport-event-1032-socket-access-denied",
    probe: "smtp.banner",
    findingId: "smtp.banner.iis_smtp",
    effect: "confirms",
    weight: 1,
    verdictStrength: "supporting",
    basis: inferred(
      "No document describes the IIS SMTP service's banner. The Event 1032/1036 topic says the Exchange 2007 Transport service fails to start when the IIS SMTP service is installed and running; an IIS banner on a Hub Transport server's port 25 fits that, but other servers greet the same way.",
    ),
    explanation:
      "Port 25 is answered by a Microsoft IIS SMTP service banner. On an Exchange 2007 Hub Transport server, the Microsoft Exchange Transport service fails to start (Event ID 1032 Socket Access Denied. Binding: 0.0.0.0:25.; Event ID 1036) when the IIS SMTP service has been installed and is running. Only meaningful if the target is meant to be an Exchange 2007 Hub Transport server.",
  },
];
