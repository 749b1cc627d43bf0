import type { CauseSeed } from "@/lib/kb/seed-schema";

const documented = (article: string, quote: string) => ({ kind: "documented" as const, article, quote });

/**
 * Causes shared between articles. Wording is taken from the source documents
 * (kept outside this repository); an article states the cause in its own words in ArticleCause.explanation.
 */
export const causes: CauseSeed[] = [
  {
    key: "cisco-pix-mailguard",
    title: "Cisco PIX firewall Mailguard blocks ESMTP commands",
    description:
      "The Cisco PIX firewall device uses an SMTP protocol filtering feature that is named Mailguard (known as Mailhost in early versions). " +
      "When the Mailguard feature is turned on, it blocks all Extended Simple Mail Transfer Protocol (ESMTP) commands. " +
      "Mailguard allows only seven basic Simple Mail Transfer Protocol (SMTP) commands to pass (the minimum implementation of SMTP in RFC 821, section 4.5.1: HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT). " +
      "Therefore, the PIX firewall does not forward the ESMTP commands to the mail server. " +
      "The ESMTP commands include commands such as X-LINK2STATE, Auth, Auth login, KILL, and WIZ.",
    vantage: {
      note:
        "Mailguard filters the SMTP connections that pass through the PIX; the documents check for it from a workstation on the Internet (a Telnet session to the IP address of the MX record on port 25). A check whose connection does not cross the firewall cannot confirm or rule out Mailguard.",
      basis: documented(
        "cannot-send-or-receive-behind-cisco-pix-firewall",
        "From a workstation on the Internet, open a Telnet session to the IP address of the MX record on port 25.",
      ),
    },
  },
  {
    key: "cisco-pix-mailguard-split-terminator",
    title: "Mailguard rejects a CRLF.CRLF terminator split across packets (duplicate inbound messages, Cisco bug CSCds90792)",
    description:
      "There is a known issue with Mailguard that causes duplicate inbound messages. " +
      "If for any reason the CRLF.CRLF terminating string is broken into separate packets during transmission, Mailguard rejects it and does not pass it to the mail server. " +
      "The connection eventually times out and the message queues for delivery on the receiving host. " +
      "Because the sending host never receives confirmation of receipt, it assumes delivery failure. " +
      "It re-queues the message for attempted delivery at a later time. " +
      "This goes on repeatedly until the message time-out on the sending host is exhausted. " +
      "Cisco has determined this to be an issue in certain versions of PIX operating software (bug CSCds90792) and has corrected it in later software releases.",
    vantage: {
      note:
        "The terminator is lost only where it crosses Mailguard: a check whose connection does not pass through the PIX cannot confirm or rule out this issue.",
      basis: documented(
        "xcon-receiving-duplicate-inbound-smtp-messages",
        "If for any reason the CRLF.CRLF terminating string is broken into separate packets during transmission, Mailguard rejects it and does not pass it to the mail server.",
      ),
    },
  },
  {
    key: "isa-tmg-smtp-filter-tls-reset",
    title: "ISA Server 2006 / Forefront TMG 2010 SMTP filter resets the client after TLS when the server closes with FIN",
    description:
      "By design, the connection to the SMTP client is reset when the SMTP server closes its connection to ISA Server or Forefront TMG 2010. " +
      "This is because ISA Server or Forefront TMG 2010 cannot inspect the SMTP traffic for the SMTP QUIT command when the traffic is encrypted. " +
      "However, this behavior can cause specific SMTP client applications to report errors.",
    vantage: {
      note:
        "The reset reaches the SMTP client side of the ISA Server or Forefront TMG filter; the SMTP server closes its own connection normally with FIN. Only a check whose connection passes through the ISA/TMG SMTP filter can see the reset.",
      basis: documented(
        "isa-2006-tmg-2010-resets-smtp-client-after-tls",
        "An SMTP client communicates with an SMTP server through ISA Server 2006 or Forefront TMG 2010.",
      ),
    },
  },
  {
    key: "isa-2000-fwsrv-port-reuse",
    title: "ISA 2000 Firewall client connections reuse source ports still in TIME_WAIT on the server",
    description:
      "For connections handled by the Firewall client, the source port numbers used by the ISA External interface don't follow the normal incremental pattern used by a normal Windows host, and ISA 2000 very rapidly reuse previous used source ports. " +
      "The failing connections are those for which the socket endpoint on the server was still in the TIME_WAIT state, which means it could not yet be reused at that time: " +
      "the server does not respond to the Firewall's sync packet because the external port pair had been used only 2 minutes previously and is sitting in a timed wait state. " +
      "The port pool is controlled by registry values under HKLM\\System\\CurrentControlSet\\Services\\FwSrv\\Parameters; the default MinTickBeforePortReuse (1200 milliseconds) is much less than usual TIME_WAIT. " +
      "It is a potential problem for any TCP based access handled by the Firewall client.",
    vantage: {
      note:
        "The failures happen only for connections handled by the ISA 2000 Firewall client: with the client configured as a SecureNAT client instead, the same connect loop reported no single failure. A connect loop from the console's network cannot reproduce or rule out this cause; run it from a client behind the ISA server that uses the Firewall client.",
      basis: documented(
        "mystery-of-the-failing-pop3-access-with-isa-2000",
        "We then started a Network Monitor trace on the POP3 server itself and rerun our simple command file on the client. This time no single failure was reported.",
      ),
    },
  },
  {
    key: "exchange-2007-receive-connector-tls-auth-missing",
    title: "TLS and Exchange Server Authentication not configured on the Hub Transport default Receive connector",
    description:
      "Messages queue on an Exchange Server 2007 Edge Transport server destined for an internal Hub Transport server with 451 5.7.3 \"Cannot achieve Exchange Server authentication\". " +
      "This issue occurs when both Transport Layer Security (TLS) and Exchange Server Authentication are not configured on the default Receive connector of the receiving Exchange Hub Transport server.",
  },
  {
    key: "exchange-duplicate-proxy-addresses",
    title: "Two objects in the directory have the same proxy address",
    description:
      "You may receive Event ID 9514 if you have two identical proxy addresses in your organization. " +
      "This issue may occur if one or more objects are updated simultaneously from different management consoles that connect to different domain controllers. " +
      "Additionally, mail flow to the objects that are specified in the event description may be disrupted.",
  },
  {
    key: "exchange-open-relay-spam-queue",
    title: "Exchange server configured as an open relay used to send spam, filling the message queues",
    description:
      "An Exchange server that is configured as an open relay has been used to send unsolicited commercial e-mail (UCE), also known as spam, to the Internet. " +
      "A message queue is filled with legitimate e-mail messages together with hundreds, thousands, or even hundreds of thousands of spam messages, " +
      "and you cannot continue typical operations because the server will forward the spam messages to the Internet.",
  },
  {
    key: "edge-ip-block-list-internal-hosts",
    title: "Internal firewall or Hub Transport server IP address blocked by the Edge Transport server (IP block list)",
    description:
      "This issue commonly occurs when the Edge Transport server role is deployed in a perimeter network configuration and the Internet Protocol (IP) address of the internal firewall is blocked by the Edge Transport server. " +
      "This issue can also occur in a non-perimeter network scenario if one or more Hub Transport server IP addresses are blocked by the Edge Transport server.",
  },
  {
    key: "exchange-transport-agent-problem",
    title: "Transport agent problem in the Exchange 2007 transport pipeline",
    description:
      "Transport agents registered on Simple Mail Transfer Protocol (SMTP) events in the transport pipeline apply changes to messages; if transport rules are configured, each transport rule may take actions on messages. " +
      "When troubleshooting a problem, determine which transport agent is at fault by examining whether the transport agents have applied the changes to the messages in the transport pipeline that you expected (pipeline tracing message snapshots and rules tracking files).",
  },
  {
    key: "iis-smtp-service-holds-port-25",
    title: "IIS SMTP service installed and running on the Exchange 2007 Hub Transport server",
    description:
      "The Microsoft Exchange Transport service fails to start on an Exchange Server 2007 Hub Transport server with Event ID 1032 (Socket Access Denied. Binding: 0.0.0.0:25.) or 1036. " +
      "This issue occurs when the Internet Information Services (IIS) Simple Mail Transfer Protocol (SMTP) service has been installed on the server and is running.",
  },
];
