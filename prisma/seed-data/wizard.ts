import type { WizardSeed } from "@/lib/kb/seed-schema";

/**
 * The symptom wizard: where helpdesk staff start (the complaint as they hear it) and the
 * questions that split the candidate causes. Weights (-3..3) say how much a category or an
 * answer speaks for (+) or against (-) a cause; every weight is grounded in a source document
 * in ../shared/seeds (cited beside it). The wizard picks the question with the largest expected
 * reduction in entropy over the remaining candidates (lib/diagnosis/question-selection.ts), so
 * the order below is only the tie-break. Every question has a "not sure" answer that weighs
 * nothing.
 */
export const wizard: WizardSeed = {
  categories: [
    {
      key: "duplicate-inbound-messages",
      label: "Duplicate inbound messages",
      description: "Users receive exact copies of the same inbound message over and over.",
      causes: [
        // 001/002: copies at a consistent interval when CRLF.CRLF is split (CSCds90792)
        { cause: "cisco-pix-mailguard-split-terminator", weight: 3 },
        // 004 PIX topic: "You receive duplicate incoming SMTP messages" listed among the Mailguard symptoms
        { cause: "cisco-pix-mailguard", weight: 2 },
      ],
    },
    {
      key: "ndr-or-error-code",
      label: "An NDR or error code",
      description: "A non-delivery report, a reply code, an HRESULT, a Winsock error or an event ID.",
      causes: [
        // 004: inbound messages rejected with "550 5.7.1 External client does not have permissions ..."
        { cause: "edge-ip-block-list-internal-hosts", weight: 3 },
        // 002: 554 5.6.1 NDR, 0x800CCC79, 550 5.7.1 relaying denied
        { cause: "cisco-pix-mailguard", weight: 2 },
        // 004: 451 5.7.3 "Cannot achieve Exchange Server authentication"
        { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 2 },
        // 000: 0x80074e24 FWX_E_CONNECTION_KILLED; clients report delivery failed
        { cause: "isa-tmg-smtp-filter-tls-reset", weight: 1 },
        // 003: WSAETIMEDOUT 10060
        { cause: "isa-2000-fwsrv-port-reuse", weight: 1 },
        // 004: Event ID 1032/1036, Event ID 9514
        { cause: "iis-smtp-service-holds-port-25", weight: 1 },
        { cause: "exchange-duplicate-proxy-addresses", weight: 1 },
      ],
    },
    {
      key: "connection-resets-or-timeouts",
      label: "Connection resets or time-outs",
      description: "Connections are reset, time out or fail now and then.",
      causes: [
        // 000: ISA 2006 / TMG 2010 resets the connection to the SMTP client
        { cause: "isa-tmg-smtp-filter-tls-reset", weight: 3 },
        // 003: "Connection timed out (WSAETIMEDOUT 10060)", frequent connection failures
        { cause: "isa-2000-fwsrv-port-reuse", weight: 3 },
        // 001/002: "The connection eventually times out" after a split CRLF.CRLF
        { cause: "cisco-pix-mailguard-split-terminator", weight: 2 },
        // 004: "You cannot establish a telnet session with the Exchange server on port 25."
        { cause: "cisco-pix-mailguard", weight: 1 },
      ],
    },
    {
      key: "cannot-receive-internet-mail",
      label: "Cannot receive internet mail",
      description: "Mail from the Internet does not arrive, or not for some domains.",
      causes: [
        // 002/004: "You cannot receive Internet-based e-mail messages."
        { cause: "cisco-pix-mailguard", weight: 3 },
        // 004: inbound messages from external domains not delivered to the Edge server
        { cause: "edge-ip-block-list-internal-hosts", weight: 2 },
        // 004: messages queue on the Edge destined for the Hub Transport server
        { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 2 },
        // 004: the Transport service fails to start when IIS SMTP holds port 25
        { cause: "iis-smtp-service-holds-port-25", weight: 1 },
        // 004: "mail flow to the objects that are specified in the event description may be disrupted"
        { cause: "exchange-duplicate-proxy-addresses", weight: 1 },
      ],
    },
    {
      key: "attachments-missing-or-garbled",
      label: "Attachments missing or garbled",
      description: "Messages with attachments fail, or attachments arrive missing or damaged.",
      causes: [
        // 002/004: attachments missing or garbled; 554 5.6.1 Body type not supported (8BITMIME)
        { cause: "cisco-pix-mailguard", weight: 3 },
        // 004: transport agents apply changes to messages; pipeline tracing shows which one
        { cause: "exchange-transport-agent-problem", weight: 1 },
      ],
    },
    {
      key: "authentication-failures",
      label: "Authentication failures between servers or clients",
      description: "Servers or clients cannot authenticate to each other.",
      causes: [
        // 002/004: authentication problems over a routing group connector; POP3 550 5.7.1 relaying denied
        { cause: "cisco-pix-mailguard", weight: 3 },
        // 004: 451 5.7.3 Cannot achieve Exchange Server authentication
        { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 3 },
        // 004: 550 5.7.1 External client does not have permissions to submit to this server
        { cause: "edge-ip-block-list-internal-hosts", weight: 1 },
      ],
    },
    {
      key: "service-will-not-start",
      label: "A service that will not start",
      description: "A mail service stops or refuses to start.",
      causes: [
        // 004: Microsoft Exchange Transport fails to start, Event ID 1032/1036
        { cause: "iis-smtp-service-holds-port-25", weight: 3 },
      ],
    },
    {
      key: "mail-stuck-in-queue",
      label: "Mail stuck in a queue",
      description: "Messages sit in a queue and are not delivered.",
      causes: [
        // 004: Edge queue with 451 5.7.3
        { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 3 },
        // 004: a queue filled with spam from an open relay
        { cause: "exchange-open-relay-spam-queue", weight: 3 },
        // 001/002: "the message queues for delivery on the receiving host" and the sender re-queues it
        { cause: "cisco-pix-mailguard-split-terminator", weight: 2 },
        // 004: "You cannot send or receive mail on specific domains."
        { cause: "cisco-pix-mailguard", weight: 1 },
      ],
    },
  ],
  questions: [
    {
      key: "between-servers",
      prompt: "What sits between the sending side and the mail server?",
      help: "The firewall or gateway the SMTP or POP3 traffic passes through. Several documents describe a device in the path, not the mail server, as the cause.",
      answers: [
        {
          key: "between-cisco-pix-asa",
          label: "A Cisco PIX or ASA firewall (SMTP fixup / ESMTP inspection)",
          causes: [
            // 001/002/004: Mailguard (fixup protocol smtp 25); 004: ASA Extended SMTP inspection
            { cause: "cisco-pix-mailguard", weight: 3 },
            { cause: "cisco-pix-mailguard-split-terminator", weight: 3 },
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: -2 },
            { cause: "isa-2000-fwsrv-port-reuse", weight: -2 },
          ],
        },
        {
          key: "between-isa-2000-firewall-client",
          label: "ISA Server 2000 with the Firewall client",
          causes: [
            // 003: fast source-port reuse by connections handled by the Firewall client
            { cause: "isa-2000-fwsrv-port-reuse", weight: 3 },
            { cause: "cisco-pix-mailguard", weight: -2 },
            { cause: "cisco-pix-mailguard-split-terminator", weight: -2 },
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: -2 },
          ],
        },
        {
          key: "between-isa-2006-tmg-smtp-filter",
          label: "ISA Server 2006 or Forefront TMG 2010 with SMTP filtering",
          causes: [
            // 000: SMTP filtering enabled on ISA 2006 / TMG 2010
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: 3 },
            { cause: "cisco-pix-mailguard", weight: -2 },
            { cause: "cisco-pix-mailguard-split-terminator", weight: -2 },
            { cause: "isa-2000-fwsrv-port-reuse", weight: -2 },
          ],
        },
        {
          key: "between-exchange-edge",
          label: "An Exchange 2007 Edge Transport server",
          causes: [
            // 004: Edge in a perimeter network; Edge to Hub authentication
            { cause: "edge-ip-block-list-internal-hosts", weight: 3 },
            { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 3 },
            { cause: "cisco-pix-mailguard", weight: -1 },
            { cause: "cisco-pix-mailguard-split-terminator", weight: -1 },
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: -1 },
            { cause: "isa-2000-fwsrv-port-reuse", weight: -1 },
          ],
        },
        {
          key: "between-other-smtp-proxy",
          label: "Another firewall with an SMTP proxy",
          causes: [
            // 002/004: "Other firewall products that include SMTP Proxy functionality may also generate the behavior"
            { cause: "cisco-pix-mailguard", weight: 1 },
          ],
        },
        {
          key: "between-nothing",
          label: "Nothing: the servers talk directly",
          causes: [
            { cause: "cisco-pix-mailguard", weight: -3 },
            { cause: "cisco-pix-mailguard-split-terminator", weight: -3 },
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: -3 },
            { cause: "isa-2000-fwsrv-port-reuse", weight: -3 },
          ],
        },
        { key: "between-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "product-version",
      prompt: "Which mail server product and version is affected?",
      help: "The articles apply to specific versions: KB 295725 to Exchange 5.5 to 2003, the Exchange 2007 topics to Exchange Server 2007.",
      answers: [
        {
          key: "product-exchange-5-5-2000-2003",
          label: "Exchange Server 5.5, 2000 or 2003",
          causes: [
            // 001/002 apply to Exchange 5.5, 2000 and 2003
            { cause: "cisco-pix-mailguard", weight: 1 },
            { cause: "cisco-pix-mailguard-split-terminator", weight: 1 },
            // 004 topics are Exchange 2007 (Edge/Hub roles, Transport service, pipeline tracing)
            { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: -2 },
            { cause: "edge-ip-block-list-internal-hosts", weight: -2 },
            { cause: "exchange-transport-agent-problem", weight: -2 },
            { cause: "iis-smtp-service-holds-port-25", weight: -2 },
          ],
        },
        {
          key: "product-exchange-2007",
          label: "Exchange Server 2007",
          causes: [
            { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 1 },
            { cause: "edge-ip-block-list-internal-hosts", weight: 1 },
            { cause: "exchange-transport-agent-problem", weight: 1 },
            { cause: "iis-smtp-service-holds-port-25", weight: 1 },
            { cause: "exchange-duplicate-proxy-addresses", weight: 1 },
            { cause: "exchange-open-relay-spam-queue", weight: 1 },
            // 004 PIX topic: Exchange 2007 behind a PIX
            { cause: "cisco-pix-mailguard", weight: 1 },
          ],
        },
        {
          key: "product-other-mail-server",
          label: "Another mail or POP3 server (not Exchange)",
          causes: [
            // 003: a CommuniGate Pro POP3 server; 000: any SMTP server behind ISA/TMG
            { cause: "isa-2000-fwsrv-port-reuse", weight: 1 },
            { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: -3 },
            { cause: "edge-ip-block-list-internal-hosts", weight: -3 },
            { cause: "exchange-transport-agent-problem", weight: -3 },
            { cause: "iis-smtp-service-holds-port-25", weight: -3 },
            { cause: "exchange-duplicate-proxy-addresses", weight: -3 },
            { cause: "exchange-open-relay-spam-queue", weight: -2 },
          ],
        },
        { key: "product-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "symptom-location",
      prompt: "Where does the symptom appear?",
      help: "Where the user or the administrator sees it first.",
      answers: [
        {
          key: "location-mail-client",
          label: "In the mail client (Outlook, Outlook Express, Eudora)",
          causes: [
            // 003: mail clients polling POP3 report WSAETIMEDOUT
            { cause: "isa-2000-fwsrv-port-reuse", weight: 2 },
            // 002: Outlook 0x800CCC79
            { cause: "cisco-pix-mailguard", weight: 1 },
            // 000: "some specific SMTP client applications ... report that message delivery failed"
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: 1 },
          ],
        },
        {
          key: "location-recipient-mailbox",
          label: "In the recipients' mailboxes (copies keep arriving)",
          causes: [
            // 001: "Each new duplicate message is received at a consistent interval"
            { cause: "cisco-pix-mailguard-split-terminator", weight: 2 },
            { cause: "cisco-pix-mailguard", weight: 1 },
          ],
        },
        {
          key: "location-ndr",
          label: "In a non-delivery report returned to the sender",
          causes: [
            // 004: 550 5.7.1 NDR from the Edge; 002: 554 5.6.1 NDR
            { cause: "edge-ip-block-list-internal-hosts", weight: 2 },
            { cause: "cisco-pix-mailguard", weight: 1 },
          ],
        },
        {
          key: "location-queue-viewer",
          label: "In the Queue Viewer on the server",
          causes: [
            // 004: Queue Viewer shows 451 5.7.3; queue filled with spam
            { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 3 },
            { cause: "exchange-open-relay-spam-queue", weight: 2 },
          ],
        },
        {
          key: "location-event-log",
          label: "In the Application event log",
          causes: [
            // 004: Event ID 9514; Event ID 1032/1036
            { cause: "exchange-duplicate-proxy-addresses", weight: 3 },
            { cause: "iis-smtp-service-holds-port-25", weight: 3 },
          ],
        },
        {
          key: "location-firewall-log",
          label: "In the firewall log (ISA logging)",
          causes: [
            // 000: "In ISA logging, you see ... 0x80074e24 FWX_E_CONNECTION_KILLED"
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: 3 },
          ],
        },
        {
          key: "location-telnet",
          label: "In a telnet session to port 25",
          causes: [
            // 001/002/004: masked banner, EHLO 500, goodmorning answered OK
            { cause: "cisco-pix-mailguard", weight: 3 },
          ],
        },
        { key: "location-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "direction",
      prompt: "Which mail flow is affected?",
      help: "Inbound from the Internet, outbound from your users or servers, between your own servers, or clients fetching mail.",
      answers: [
        {
          key: "direction-inbound",
          label: "Inbound, from the Internet",
          causes: [
            // 001: duplicate inbound messages; 004: inbound messages to the Edge fail
            { cause: "cisco-pix-mailguard-split-terminator", weight: 2 },
            { cause: "edge-ip-block-list-internal-hosts", weight: 2 },
            { cause: "cisco-pix-mailguard", weight: 1 },
            { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 1 },
          ],
        },
        {
          key: "direction-outbound",
          label: "Outbound, from our users or servers",
          causes: [
            // 004: the server forwards spam to the Internet (open relay)
            { cause: "exchange-open-relay-spam-queue", weight: 2 },
            // 002: cannot send attachments; 0x800CCC79 when sending
            { cause: "cisco-pix-mailguard", weight: 1 },
            // 000: an SMTP client sending through ISA/TMG
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: 1 },
            { cause: "cisco-pix-mailguard-split-terminator", weight: -1 },
          ],
        },
        {
          key: "direction-between-servers",
          label: "Between our own servers (routing groups, Edge to Hub)",
          causes: [
            // 004: Edge to Hub 451 5.7.3; 002: routing group connector authentication, X-LINK2STATE
            { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 2 },
            { cause: "cisco-pix-mailguard", weight: 1 },
            { cause: "edge-ip-block-list-internal-hosts", weight: 1 },
          ],
        },
        {
          key: "direction-clients-fetching",
          label: "Clients fetching mail (POP3)",
          causes: [
            // 003: internal clients poll a POP3 server every 5 minutes through ISA 2000
            { cause: "isa-2000-fwsrv-port-reuse", weight: 3 },
            // 002: POP3 cannot be authenticated (550 5.7.1 relaying denied)
            { cause: "cisco-pix-mailguard", weight: 1 },
          ],
        },
        { key: "direction-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "frequency",
      prompt: "Does it happen every time, or only now and then?",
      help: "A filter that blocks a command fails every time; fast port reuse or a split packet fails only some of the time.",
      answers: [
        {
          key: "frequency-intermittent",
          label: "Intermittently: some attempts fail, others work",
          causes: [
            // 003: "frequently failing", "a number of connection failures"
            { cause: "isa-2000-fwsrv-port-reuse", weight: 3 },
            // 001: only when CRLF.CRLF is broken into separate packets
            { cause: "cisco-pix-mailguard-split-terminator", weight: 1 },
            { cause: "cisco-pix-mailguard", weight: -1 },
          ],
        },
        {
          key: "frequency-runs",
          label: "In runs that go on for hours and then stop suddenly",
          causes: [
            // 001: "This continues for several hours and then stops suddenly."
            { cause: "cisco-pix-mailguard-split-terminator", weight: 3 },
          ],
        },
        {
          key: "frequency-constant",
          label: "Every time",
          causes: [
            // 002: Mailguard blocks every ESMTP command; 000: every TLS session is reset
            { cause: "cisco-pix-mailguard", weight: 2 },
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: 1 },
            { cause: "iis-smtp-service-holds-port-25", weight: 1 },
            { cause: "isa-2000-fwsrv-port-reuse", weight: -2 },
            { cause: "cisco-pix-mailguard-split-terminator", weight: -1 },
          ],
        },
        { key: "frequency-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "tls-in-use",
      prompt: "Is TLS (STARTTLS) used on the affected connections?",
      help: "ISA 2006 / TMG 2010 resets the client only after TLS, STARTTLS or X-AnonymousTLS; Mailguard passes no ESMTP command, STARTTLS included.",
      answers: [
        {
          key: "tls-yes",
          label: "Yes",
          causes: [
            // 000: the reset happens when the client used TLS, STARTTLS or X-AnonymousTLS
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: 3 },
            // 002: Mailguard blocks all ESMTP commands, so STARTTLS could not have worked through it
            { cause: "cisco-pix-mailguard", weight: -1 },
            // 004: the 451 5.7.3 issue is TLS not configured on the Hub's Receive connector
            { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: -1 },
          ],
        },
        {
          key: "tls-no",
          label: "No",
          causes: [
            { cause: "isa-tmg-smtp-filter-tls-reset", weight: -3 },
            { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 1 },
          ],
        },
        { key: "tls-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "error-seen",
      prompt: "Which of these errors or events do you see?",
      help: "Codes the documents name. Paste the whole text in the wizard's text box instead if you have it.",
      answers: [
        {
          key: "error-0x800ccc79-or-554-5-6-1",
          label: "Outlook 0x800CCC79, or 554 5.6.1 Body type not supported",
          causes: [{ cause: "cisco-pix-mailguard", weight: 3 }],
        },
        {
          key: "error-550-5-7-1-relaying-denied",
          label: "550 5.7.1 relaying denied",
          causes: [
            // 002/004: POP3 authentication problem behind Mailguard
            { cause: "cisco-pix-mailguard", weight: 2 },
            { cause: "edge-ip-block-list-internal-hosts", weight: 1 },
          ],
        },
        {
          key: "error-550-5-7-1-external-client",
          label: "550 5.7.1 External client does not have permissions to submit to this server",
          causes: [{ cause: "edge-ip-block-list-internal-hosts", weight: 3 }],
        },
        {
          key: "error-451-5-7-3",
          label: "451 5.7.3 Cannot achieve Exchange Server authentication",
          causes: [{ cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 3 }],
        },
        {
          key: "error-0x80074e24",
          label: "0x80074e24 FWX_E_CONNECTION_KILLED in the ISA log",
          causes: [{ cause: "isa-tmg-smtp-filter-tls-reset", weight: 3 }],
        },
        {
          key: "error-wsaetimedout-10060",
          label: "WSAETIMEDOUT 10060 (connection timed out)",
          causes: [{ cause: "isa-2000-fwsrv-port-reuse", weight: 3 }],
        },
        {
          key: "error-event-9514",
          label: "Event ID 9514: two objects have the same proxy",
          causes: [{ cause: "exchange-duplicate-proxy-addresses", weight: 3 }],
        },
        {
          key: "error-event-1032-1036",
          label: "Event ID 1032 or 1036 from MSExchange TransportService",
          causes: [{ cause: "iis-smtp-service-holds-port-25", weight: 3 }],
        },
        { key: "error-none-of-these", label: "None of these / not sure", causes: [] },
      ],
    },
    {
      key: "iis-smtp-installed",
      prompt: "Is the IIS SMTP service installed and running on the Exchange 2007 Hub Transport server?",
      help: "Check Add/Remove Windows Components > Application Server > Internet Information Services (IIS) > SMTP Service.",
      answers: [
        // 004: "This issue occurs when the IIS SMTP service has been installed on the server and is running."
        { key: "iis-smtp-yes", label: "Yes", causes: [{ cause: "iis-smtp-service-holds-port-25", weight: 3 }] },
        { key: "iis-smtp-no", label: "No", causes: [{ cause: "iis-smtp-service-holds-port-25", weight: -3 }] },
        { key: "iis-smtp-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "queue-contents",
      prompt: "What fills the queue?",
      help: "An open relay fills the queues with spam that is not addressed to or from your domains.",
      answers: [
        {
          key: "queue-spam",
          label: "Mostly spam, not to or from our domains",
          causes: [
            // 004: open relay used to send UCE; the queue holds legitimate mail and spam
            { cause: "exchange-open-relay-spam-queue", weight: 3 },
          ],
        },
        {
          key: "queue-legitimate-to-hub",
          label: "Legitimate mail waiting for the Hub Transport server",
          causes: [
            // 004: Edge queue destined for a Hub Transport server
            { cause: "exchange-2007-receive-connector-tls-auth-missing", weight: 3 },
            { cause: "exchange-open-relay-spam-queue", weight: -2 },
          ],
        },
        {
          key: "queue-legitimate-inbound-retries",
          label: "Legitimate inbound mail that senders retry",
          causes: [
            // 001: the sending host re-queues the message for a later attempt
            { cause: "cisco-pix-mailguard-split-terminator", weight: 2 },
            { cause: "exchange-open-relay-spam-queue", weight: -2 },
          ],
        },
        { key: "queue-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "transport-agents",
      prompt: "Were transport agents or transport rules added or changed on the Hub or Edge Transport server?",
      help: "Pipeline tracing captures each agent's changes to messages from one sender in message snapshot files.",
      answers: [
        // 004: determine which transport agent is at fault with pipeline tracing
        { key: "agents-yes", label: "Yes", causes: [{ cause: "exchange-transport-agent-problem", weight: 2 }] },
        { key: "agents-no", label: "No", causes: [{ cause: "exchange-transport-agent-problem", weight: -2 }] },
        { key: "agents-not-sure", label: "Not sure", causes: [] },
      ],
    },
  ],
};
