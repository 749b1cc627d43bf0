import type { BasisSeed, WizardSeed } from "@/lib/kb/seed-schema";

/**
 * The symptom wizard: where helpdesk staff start (the complaint as they hear it) and the
 * questions that split the candidate causes. Weights (-3..3) say how much a category or an
 * answer speaks for (+) or against (-) a cause. Every weight carries its basis: the sentence of
 * a source document it rests on (verified verbatim by `npm run kb:check-sources`), or, where no
 * document says it, `inferred` with the reason (such weights are kept small). The wizard picks
 * the question with the largest expected reduction in entropy over the remaining candidates
 * (lib/diagnosis/question-selection.ts), so the order below is only the tie-break. Every
 * question has a "not sure" answer that weighs nothing.
 */

// Articles, by source document.
const ISA_TMG = "isa-2006-tmg-2010-resets-smtp-client-after-tls"; // 000
const XCON = "xcon-receiving-duplicate-inbound-smtp-messages"; // 001, KB 295725 (XCON)
const PIX_KB = "cannot-send-or-receive-behind-cisco-pix-firewall"; // 002, KB 295725 rev 5.4
const ISA_2000 = "mystery-of-the-failing-pop3-access-with-isa-2000"; // 003
const EDGE_451 = "edge-queue-451-5-7-3-cannot-achieve-exchange-server-authentication"; // 004
const EVENT_9514 = "exchange-2007-event-9514-duplicate-proxy-address"; // 004
const EXPORT_QUEUE = "export-messages-from-queue-to-replay-exchange-2007"; // 004
const EDGE_550 = "edge-inbound-550-5-7-1-ndr-ip-block-list"; // 004
const PIPELINE = "exchange-2007-pipeline-tracing-transport-agents"; // 004
const IIS_1032 = "exchange-2007-transport-service-fails-event-1032-1036"; // 004
const PIX_2007 = "exchange-2007-cannot-send-or-receive-behind-cisco-pix"; // 004

// Causes.
const MAILGUARD = "cisco-pix-mailguard";
const SPLIT = "cisco-pix-mailguard-split-terminator";
const TMG_RESET = "isa-tmg-smtp-filter-tls-reset";
const PORT_REUSE = "isa-2000-fwsrv-port-reuse";
const HUB_AUTH = "exchange-2007-receive-connector-tls-auth-missing";
const PROXY_9514 = "exchange-duplicate-proxy-addresses";
const OPEN_RELAY = "exchange-open-relay-spam-queue";
const EDGE_BLOCK = "edge-ip-block-list-internal-hosts";
const AGENTS = "exchange-transport-agent-problem";
const IIS_SMTP = "iis-smtp-service-holds-port-25";

const doc = (article: string, quote: string): BasisSeed => ({ kind: "documented", article, quote });
const inferred = (reason: string): BasisSeed => ({ kind: "inferred", reason });
const w = (cause: string, weight: number, basis: BasisSeed) => ({ cause, weight, basis });

// Sentences used more than once.
const Q = {
  duplicatesXcon: doc(XCON, "A user receives an exact copy of the same inbound message over and over."),
  duplicates2007: doc(PIX_2007, "You receive duplicate incoming Simple Mail Transfer Protocol (SMTP) messages."),
  outlook0x800ccc79: doc(
    PIX_KB,
    "When you use Microsoft Outlook or Microsoft Outlook Express to send e-mail messages, you receive the 0x800CCC79 error message.",
  ),
  queueViewer451: doc(
    EDGE_451,
    'In the Queue Viewer, these messages display the error message 451 5.7.3 "Cannot achieve Exchange Server authentication".',
  ),
  edgeToHub: doc(
    EDGE_451,
    "This topic explains how to resolve issues where messages queue on a Microsoft Exchange Server 2007 Edge Transport server that are destined for delivery to an internal Exchange Hub Transport server.",
  ),
  hubConnector: doc(
    EDGE_451,
    "This issue occurs when both Transport Layer Security (TLS) and Exchange Server Authentication are not configured on the default Receive connector of the receiving Exchange Hub Transport server.",
  ),
  edgeNdr: doc(EDGE_550, "#550 5.7.1 External client does not have permissions to submit to this server ##"),
  edgeInbound: doc(
    EDGE_550,
    "This topic explains how to resolve issues related to inbound messages not being delivered from external domains to a server that is running Microsoft Exchange Server 2007 with the Edge Transport server role installed.",
  ),
  edgePerimeter: doc(
    EDGE_550,
    "This issue commonly occurs when the Edge Transport server role is deployed in a perimeter network configuration and the Internet Protocol (IP) address of the internal firewall is blocked by the Edge Transport server.",
  ),
  isaLog: doc(ISA_TMG, "In ISA logging, you see the following result code for this connection: 0x80074e24 FWX_E_CONNECTION_KILLED"),
  tmgResets: doc(
    ISA_TMG,
    "In this scenario, ISA Server 2006 or Forefront TMG 2010 resets the connection to the SMTP client when the SMTP server closes its connection to ISA Server or Forefront TMG 2010 with a TCP FIN packet.",
  ),
  tmgTlsVerbs: doc(ISA_TMG, "The SMTP client uses one of the following verbs in its conversation with the SMTP server: • TLS • STARTTLS • X-AnonymousTLS"),
  wsaetimedout: doc(ISA_2000, "The reported Windows Sockets Error Code was Connection timed out (WSAETIMEDOUT 10060)."),
  pop3Failing: doc(ISA_2000, "Users were complaining that their access to an external POP3 server was frequently failing."),
  firewallClient: doc(ISA_2000, "In fact it is a potential problem for any TCP based access handled by the Firewall client."),
  splitTimesOut: doc(XCON, "The connection eventually times out and the message queues for delivery on the receiving host."),
  splitRequeues: doc(XCON, "It re-queues the message for attempted delivery at a later time."),
  splitRuns: doc(XCON, "This continues for several hours and then stops suddenly."),
  event1032: doc(IIS_1032, "Description: Socket Access Denied. Binding: 0.0.0.0:25."),
  iisRunning: doc(
    IIS_1032,
    "This issue occurs when the Internet Information Services (IIS) Simple Mail Transfer Protocol (SMTP) service has been installed on the server and is running.",
  ),
  event9514: doc(EVENT_9514, "Description: Two objects in the directory have the same proxy"),
  spamQueue: doc(
    EXPORT_QUEUE,
    "You have a message queue that is filled with legitimate e-mail messages together with hundreds, thousands, or even hundreds of thousands of spam messages.",
  ),
};

const notThisDevice = (named: string) =>
  inferred(`The answer names ${named} as the device in the path; this cause is another device's behaviour.`);
const exchange2007Only = inferred(
  "The Exchange 2007 topics (Edge and Hub Transport roles, the Transport service, pipeline tracing) are written for Exchange Server 2007; none says it applies to earlier versions or other servers.",
);

export const wizard: WizardSeed = {
  categories: [
    {
      key: "duplicate-inbound-messages",
      label: "Duplicate inbound messages",
      description: "Users receive exact copies of the same inbound message over and over.",
      causes: [
        w(SPLIT, 3, doc(XCON, "There is a known issue with Mailguard that causes duplicate inbound messages.")),
        w(MAILGUARD, 2, Q.duplicates2007),
      ],
    },
    {
      key: "ndr-or-error-code",
      label: "An NDR or error code",
      description: "A non-delivery report, a reply code, an HRESULT, a Winsock error or an event ID.",
      causes: [
        w(EDGE_BLOCK, 2, Q.edgeNdr),
        w(MAILGUARD, 2, Q.outlook0x800ccc79),
        w(HUB_AUTH, 2, Q.queueViewer451),
        w(TMG_RESET, 1, Q.isaLog),
        w(PORT_REUSE, 1, Q.wsaetimedout),
        w(IIS_SMTP, 1, Q.event1032),
        w(PROXY_9514, 1, Q.event9514),
      ],
    },
    {
      key: "connection-resets-or-timeouts",
      label: "Connection resets or time-outs",
      description: "Connections are reset, time out or fail now and then.",
      causes: [
        w(TMG_RESET, 3, Q.tmgResets),
        w(PORT_REUSE, 3, Q.wsaetimedout),
        w(SPLIT, 2, Q.splitTimesOut),
        w(MAILGUARD, 1, doc(PIX_2007, "You cannot establish a telnet session with the Exchange server on port 25.")),
      ],
    },
    {
      key: "cannot-receive-internet-mail",
      label: "Cannot receive internet mail",
      description: "Mail from the Internet does not arrive, or not for some domains.",
      causes: [
        w(MAILGUARD, 3, doc(PIX_KB, "You cannot receive Internet-based e-mail messages.")),
        w(EDGE_BLOCK, 2, Q.edgeInbound),
        w(HUB_AUTH, 2, Q.edgeToHub),
        w(
          IIS_SMTP,
          1,
          inferred(
            "A Hub Transport server whose Transport service does not start passes no mail; the Event 1032/1036 topic itself does not speak of Internet mail.",
          ),
        ),
        w(PROXY_9514, 1, doc(EVENT_9514, "Additionally, mail flow to the objects that are specified in the event description may be disrupted.")),
      ],
    },
    {
      key: "attachments-missing-or-garbled",
      label: "Attachments missing or garbled",
      description: "Messages with attachments fail, or attachments arrive missing or damaged.",
      causes: [w(MAILGUARD, 3, doc(PIX_KB, "You cannot send messages that have attachments. Or, the attachments are missing or garbled."))],
    },
    {
      key: "authentication-failures",
      label: "Authentication failures between servers or clients",
      description: "Servers or clients cannot authenticate to each other.",
      causes: [
        w(MAILGUARD, 3, doc(PIX_KB, "There are authentication problems between servers because of a routing group connector.")),
        w(HUB_AUTH, 3, Q.queueViewer451),
      ],
    },
    {
      key: "service-will-not-start",
      label: "A service that will not start",
      description: "A mail service stops or refuses to start.",
      causes: [
        w(
          IIS_SMTP,
          3,
          doc(
            IIS_1032,
            "This topic provides information about how to troubleshoot the Microsoft Exchange Transport service if it fails to start on a Microsoft Exchange Server 2007 Hub Transport server with Event ID 1032 or 1036.",
          ),
        ),
      ],
    },
    {
      key: "mail-stuck-in-queue",
      label: "Mail stuck in a queue",
      description: "Messages sit in a queue and are not delivered.",
      causes: [w(HUB_AUTH, 3, Q.queueViewer451), w(OPEN_RELAY, 3, Q.spamQueue), w(SPLIT, 2, Q.splitTimesOut)],
    },
  ],
  questions: [
    {
      key: "between-servers",
      prompt: "What sits between the sending side and the mail server?",
      help: "The firewall or gateway the SMTP or POP3 traffic passes through. Several documents describe a device in the path, not the mail server, as the cause.",
      answers: [
        {
          key: "between-cisco-pix",
          label: "A Cisco PIX firewall",
          causes: [
            w(MAILGUARD, 3, doc(PIX_KB, "These issues may occur if the Microsoft Exchange server is positioned behind a Cisco PIX firewall device.")),
            // Only certain PIX software versions have the split-terminator issue.
            w(SPLIT, 1, doc(XCON, "Cisco has determined this to be an issue in certain versions of PIX operating software.")),
            w(TMG_RESET, -2, notThisDevice("a Cisco PIX")),
            w(PORT_REUSE, -2, notThisDevice("a Cisco PIX")),
          ],
        },
        {
          key: "between-cisco-asa",
          label: "A Cisco ASA (ESMTP inspection)",
          causes: [
            w(
              MAILGUARD,
              1,
              doc(PIX_2007, "It provides protection against SMTP-based attacks by restricting the types of SMTP commands that can pass through the Cisco ASA."),
            ),
            w(TMG_RESET, -2, notThisDevice("a Cisco ASA")),
            w(PORT_REUSE, -2, notThisDevice("a Cisco ASA")),
          ],
        },
        {
          key: "between-isa-2000-firewall-client",
          label: "ISA Server 2000 with the Firewall client",
          causes: [
            w(PORT_REUSE, 3, Q.firewallClient),
            w(MAILGUARD, -2, notThisDevice("ISA Server 2000")),
            w(SPLIT, -2, notThisDevice("ISA Server 2000")),
            w(TMG_RESET, -2, notThisDevice("ISA Server 2000")),
          ],
        },
        {
          key: "between-isa-2006-tmg-smtp-filter",
          label: "ISA Server 2006 or Forefront TMG 2010 with SMTP filtering",
          causes: [
            w(TMG_RESET, 3, doc(ISA_TMG, "In Microsoft Internet Security and Acceleration (ISA) Server 2006 or Forefront TMG 2010, you enable SMTP filtering.")),
            w(MAILGUARD, -2, notThisDevice("ISA Server 2006 or Forefront TMG 2010")),
            w(SPLIT, -2, notThisDevice("ISA Server 2006 or Forefront TMG 2010")),
            w(PORT_REUSE, -2, notThisDevice("ISA Server 2006 or Forefront TMG 2010")),
          ],
        },
        {
          key: "between-exchange-edge",
          label: "An Exchange 2007 Edge Transport server",
          causes: [
            w(EDGE_BLOCK, 3, Q.edgePerimeter),
            w(HUB_AUTH, 3, Q.edgeToHub),
            w(MAILGUARD, -1, notThisDevice("an Exchange 2007 Edge Transport server")),
            w(SPLIT, -1, notThisDevice("an Exchange 2007 Edge Transport server")),
            w(TMG_RESET, -1, notThisDevice("an Exchange 2007 Edge Transport server")),
            w(PORT_REUSE, -1, notThisDevice("an Exchange 2007 Edge Transport server")),
          ],
        },
        {
          key: "between-other-smtp-proxy",
          label: "Another firewall with an SMTP proxy",
          causes: [
            w(
              MAILGUARD,
              1,
              doc(
                PIX_2007,
                'Other firewall products that include SMTP Proxy functionality may also generate the behavior that is mentioned in the "Introduction" section.',
              ),
            ),
          ],
        },
        {
          key: "between-nothing",
          label: "Nothing: the servers talk directly",
          causes: [MAILGUARD, SPLIT, TMG_RESET, PORT_REUSE].map((cause) =>
            w(cause, -3, inferred("This cause is the behaviour of a firewall in the path; the answer says there is none.")),
          ),
        },
        { key: "between-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "pix-mailguard-config",
      prompt: "Is Mailguard turned on in the PIX configuration (fixup protocol smtp 25, or mailhost on PIX 4.0 and 4.1)?",
      help: "PIX Software 4.0 and 4.1 configure Mailguard with the mailhost command, 4.2 and later with fixup protocol smtp 25. Early PIX versions answer OK even to commands they block; all other commands are rejected with 500 Command unrecognized, so a 500 to an invalid command does not rule Mailguard out.",
      answers: [
        {
          key: "mailguard-config-on",
          label: "Yes: fixup protocol smtp 25 (or mailhost) is configured",
          causes: [
            w(MAILGUARD, 3, doc(PIX_KB, "In PIX Software version 4.2 and in later versions, you use the fixup protocol smtp 25 command.")),
            w(SPLIT, 1, doc(XCON, "There is a known issue with Mailguard that causes duplicate inbound messages.")),
          ],
        },
        {
          key: "mailguard-config-off",
          label: "No: neither is configured",
          causes: [
            w(MAILGUARD, -3, doc(PIX_KB, "To work around these issues, turn off the Mailguard feature of the PIX firewall.")),
            w(SPLIT, -3, doc(XCON, "To resolve this issue, turn off Mailguard.")),
          ],
        },
        { key: "mailguard-config-not-sure", label: "Not sure", causes: [] },
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
            w(
              MAILGUARD,
              1,
              doc(
                PIX_KB,
                "APPLIES TO Microsoft Exchange Server 5.5 Standard Edition Microsoft Exchange 2000 Server Standard Edition Microsoft Exchange Server 2003 Enterprise Edition Microsoft Exchange Server 2003 Standard Edition",
              ),
            ),
            w(
              SPLIT,
              1,
              doc(XCON, "The information in this article applies to: • Microsoft Exchange Server 5.5 • Microsoft Exchange 2000 Server"),
            ),
            w(HUB_AUTH, -2, exchange2007Only),
            w(EDGE_BLOCK, -2, exchange2007Only),
            w(AGENTS, -2, exchange2007Only),
            w(IIS_SMTP, -2, exchange2007Only),
          ],
        },
        {
          key: "product-exchange-2007",
          label: "Exchange Server 2007",
          causes: [
            w(HUB_AUTH, 1, Q.edgeToHub),
            w(EDGE_BLOCK, 1, Q.edgeInbound),
            w(
              AGENTS,
              1,
              doc(
                PIPELINE,
                "Pipeline tracing is a diagnostic feature in Microsoft Exchange Server 2007 that enables you to capture diagnostic information about e-mail messages as they encounter transport agents registered on Simple Mail Transfer Protocol (SMTP) events in the transport pipeline.",
              ),
            ),
            w(
              IIS_SMTP,
              1,
              doc(
                IIS_1032,
                "This topic provides information about how to troubleshoot the Microsoft Exchange Transport service if it fails to start on a Microsoft Exchange Server 2007 Hub Transport server with Event ID 1032 or 1036.",
              ),
            ),
            w(
              PROXY_9514,
              1,
              doc(EVENT_9514, "An event that resembles the following event may be logged in the Application log on a computer that is running Microsoft Exchange Server 2007:"),
            ),
            w(
              OPEN_RELAY,
              1,
              doc(
                EXPORT_QUEUE,
                "This topic describes how to use the Exchange Management Shell in Microsoft Exchange Server 2007 to export e-mail messages from a message queue.",
              ),
            ),
            w(
              MAILGUARD,
              1,
              doc(
                PIX_2007,
                "This topic provides information about how to troubleshoot the following mail flow issues when Microsoft Exchange is located behind a Cisco PIX firewall device:",
              ),
            ),
          ],
        },
        {
          key: "product-other-mail-server",
          label: "Another mail or POP3 server (not Exchange)",
          causes: [
            w(PORT_REUSE, 1, doc(ISA_2000, "The POP3 server runs CommuniGate Pro on Windows 2003.")),
            w(HUB_AUTH, -3, exchange2007Only),
            w(EDGE_BLOCK, -3, exchange2007Only),
            w(AGENTS, -3, exchange2007Only),
            w(IIS_SMTP, -3, exchange2007Only),
            w(PROXY_9514, -3, exchange2007Only),
            w(OPEN_RELAY, -2, exchange2007Only),
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
            w(PORT_REUSE, 2, Q.wsaetimedout),
            w(MAILGUARD, 1, Q.outlook0x800ccc79),
            w(
              TMG_RESET,
              1,
              doc(
                ISA_TMG,
                "This behavior can cause some specific SMTP client applications to report that message delivery failed even though messages are sent correctly.",
              ),
            ),
          ],
        },
        {
          key: "location-recipient-mailbox",
          label: "In the recipients' mailboxes (copies keep arriving)",
          causes: [w(SPLIT, 2, Q.duplicatesXcon), w(MAILGUARD, 1, Q.duplicates2007)],
        },
        {
          key: "location-ndr",
          label: "In a non-delivery report returned to the sender",
          causes: [
            w(
              EDGE_BLOCK,
              2,
              doc(EDGE_550, "Inbound e-mail messages are rejected with a non-delivery report (NDR) similar to the following being returned to the sender:"),
            ),
            w(
              MAILGUARD,
              1,
              doc(
                PIX_KB,
                "When you send messages that contain binary MIME (8bitmime) parts, you receive the following error message in a non-delivery report (NDR) message:",
              ),
            ),
          ],
        },
        {
          key: "location-queue-viewer",
          label: "In the Queue Viewer on the server",
          causes: [w(HUB_AUTH, 3, Q.queueViewer451), w(OPEN_RELAY, 2, Q.spamQueue)],
        },
        {
          key: "location-event-log",
          label: "In the Application event log",
          causes: [
            w(
              PROXY_9514,
              3,
              doc(EVENT_9514, "An event that resembles the following event may be logged in the Application log on a computer that is running Microsoft Exchange Server 2007:"),
            ),
            w(IIS_SMTP, 3, doc(IIS_1032, "If this error occurs, event log errors are generated with the following information:")),
          ],
        },
        {
          key: "location-firewall-log",
          label: "In the firewall log (ISA logging)",
          causes: [w(TMG_RESET, 3, Q.isaLog)],
        },
        {
          key: "location-telnet",
          label: "In a telnet session to port 25",
          causes: [
            w(
              MAILGUARD,
              3,
              doc(PIX_KB, "From a workstation on the Internet, open a Telnet session to the IP address of the MX record on port 25."),
            ),
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
            w(SPLIT, 2, Q.duplicatesXcon),
            w(EDGE_BLOCK, 2, Q.edgeInbound),
            w(MAILGUARD, 1, doc(PIX_KB, "You cannot receive Internet-based e-mail messages.")),
            w(
              HUB_AUTH,
              0.5,
              inferred("Mail queued on an Edge Transport server for the Hub is usually mail from outside; the topic does not say which direction."),
            ),
          ],
        },
        {
          key: "direction-outbound",
          label: "Outbound, from our users or servers",
          causes: [
            w(
              OPEN_RELAY,
              2,
              doc(
                EXPORT_QUEUE,
                "You may experience a situation in which an Exchange server that is configured as an open relay has been used to send unsolicited commercial e-mail (UCE), also known as spam, to the Internet.",
              ),
            ),
            w(MAILGUARD, 1, doc(PIX_KB, "You cannot send messages that have attachments. Or, the attachments are missing or garbled.")),
            w(TMG_RESET, 1, doc(ISA_TMG, "An SMTP client communicates with an SMTP server through ISA Server 2006 or Forefront TMG 2010.")),
            w(SPLIT, -1, inferred("The documents describe the duplicates for inbound messages only.")),
          ],
        },
        {
          key: "direction-between-servers",
          label: "Between our own servers (routing groups, Edge to Hub)",
          causes: [
            w(HUB_AUTH, 2, Q.edgeToHub),
            w(MAILGUARD, 1, doc(PIX_KB, "If there is a Cisco PIX firewall device between the routing groups, you experience the following issues:")),
            w(
              EDGE_BLOCK,
              1,
              doc(EDGE_550, "This issue can also occur in a non-perimeter network scenario if one or more Hub Transport server IP addresses are blocked by the Edge Transport server."),
            ),
          ],
        },
        {
          key: "direction-clients-fetching",
          label: "Clients fetching mail (POP3)",
          causes: [
            w(PORT_REUSE, 3, Q.pop3Failing),
            w(MAILGUARD, 1, doc(PIX_KB, "The Post Office Protocol version 3 (POP3) protocol cannot be authenticated.")),
          ],
        },
        { key: "direction-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "frequency",
      prompt: "Does it happen every time, or only now and then?",
      help: "In the ISA 2000 article some connection attempts failed while others worked; the duplicate-message runs go on for hours and then stop suddenly. The other documents do not say how often their symptoms occur.",
      answers: [
        {
          key: "frequency-intermittent",
          label: "Intermittently: some attempts fail, others work",
          causes: [
            w(PORT_REUSE, 3, Q.pop3Failing),
            w(
              SPLIT,
              1,
              doc(XCON, "If for any reason the CRLF.CRLF terminating string is broken into separate packets during transmission, Mailguard rejects it and does not pass it to the mail server."),
            ),
            w(MAILGUARD, -0.5, inferred("Mailguard blocks the ESMTP commands it sees on every connection, so its effects are not expected to come and go; no document speaks of frequency.")),
          ],
        },
        {
          key: "frequency-runs",
          label: "In runs that go on for hours and then stop suddenly",
          causes: [w(SPLIT, 3, Q.splitRuns)],
        },
        {
          key: "frequency-constant",
          label: "Every time",
          causes: [
            w(
              MAILGUARD,
              1,
              inferred("Mailguard blocks all ESMTP commands, so what depends on them fails on every attempt; no document speaks of frequency."),
            ),
            w(
              TMG_RESET,
              1,
              doc(ISA_TMG, "By design, the connection to the SMTP client is reset when the SMTP server closes its connection to ISA Server or Forefront TMG 2010."),
            ),
            w(IIS_SMTP, 1, doc(IIS_1032, "Description: Failed to open one or more bindings. The service will be stopped.")),
            w(PORT_REUSE, -1, inferred("In the ISA 2000 article only some of the connections failed; failing every time does not fit it.")),
            w(SPLIT, -1, inferred("The duplicate runs stop suddenly after several hours; failing every time does not fit them.")),
          ],
        },
        { key: "frequency-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "tls-in-use",
      prompt: "Is TLS (STARTTLS) used on the affected connections?",
      help: "ISA 2006 / TMG 2010 resets the client in the scenario where it uses TLS, STARTTLS or X-AnonymousTLS. STARTTLS is not among the seven RFC 821 commands Mailguard passes.",
      answers: [
        {
          key: "tls-yes",
          label: "Yes",
          causes: [
            w(TMG_RESET, 3, Q.tmgTlsVerbs),
            w(MAILGUARD, -1, inferred("STARTTLS is not among the seven commands Mailguard passes, so TLS could hardly have been negotiated through it; no document says so.")),
            w(HUB_AUTH, -1, inferred("The 451 5.7.3 issue needs TLS (and Exchange Server Authentication) to be missing on the Hub's Receive connector; TLS in use on that connection argues against it.")),
          ],
        },
        {
          key: "tls-no",
          label: "No",
          causes: [w(TMG_RESET, -3, Q.tmgTlsVerbs), w(HUB_AUTH, 1, Q.hubConnector)],
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
          causes: [w(MAILGUARD, 3, Q.outlook0x800ccc79)],
        },
        {
          key: "error-550-5-7-1-relaying-denied",
          label: "550 5.7.1 relaying denied",
          causes: [w(MAILGUARD, 2, doc(PIX_2007, 'In this scenario, you may receive a "550 5.7.1 relaying denied" error on the Exchange server.'))],
        },
        {
          key: "error-550-5-7-1-external-client",
          label: "550 5.7.1 External client does not have permissions to submit to this server",
          causes: [w(EDGE_BLOCK, 3, Q.edgeNdr)],
        },
        {
          key: "error-451-5-7-3",
          label: "451 5.7.3 Cannot achieve Exchange Server authentication",
          causes: [w(HUB_AUTH, 3, Q.queueViewer451)],
        },
        {
          key: "error-0x80074e24",
          label: "0x80074e24 FWX_E_CONNECTION_KILLED in the ISA log",
          causes: [w(TMG_RESET, 3, Q.isaLog)],
        },
        {
          key: "error-wsaetimedout-10060",
          label: "WSAETIMEDOUT 10060 (connection timed out)",
          causes: [w(PORT_REUSE, 3, Q.wsaetimedout)],
        },
        {
          key: "error-event-9514",
          label: "Event ID 9514: two objects have the same proxy",
          causes: [w(PROXY_9514, 3, Q.event9514)],
        },
        {
          key: "error-event-1032-1036",
          label: "Event ID 1032 or 1036 from MSExchange TransportService",
          causes: [w(IIS_SMTP, 3, Q.event1032)],
        },
        { key: "error-none-of-these", label: "None of these / not sure", causes: [] },
      ],
    },
    {
      key: "iis-smtp-installed",
      prompt: "Is the IIS SMTP service installed and running on the Exchange 2007 Hub Transport server?",
      help: "Check Add/Remove Windows Components > Application Server > Internet Information Services (IIS) > SMTP Service.",
      answers: [
        { key: "iis-smtp-yes", label: "Yes", causes: [w(IIS_SMTP, 3, Q.iisRunning)] },
        { key: "iis-smtp-no", label: "No", causes: [w(IIS_SMTP, -3, Q.iisRunning)] },
        { key: "iis-smtp-not-sure", label: "Not sure", causes: [] },
      ],
    },
    {
      key: "queue-contents",
      prompt: "What fills the queue?",
      help: "In the queue-export topic, a server used as an open relay has a queue with legitimate mail together with large numbers of spam messages.",
      answers: [
        {
          key: "queue-spam",
          label: "Mostly spam, not to or from our domains",
          causes: [w(OPEN_RELAY, 3, Q.spamQueue)],
        },
        {
          key: "queue-legitimate-to-hub",
          label: "Legitimate mail waiting for the Hub Transport server",
          causes: [
            w(HUB_AUTH, 3, Q.edgeToHub),
            w(OPEN_RELAY, -2, inferred("A queue of legitimate mail only does not fit a queue filled with spam.")),
          ],
        },
        {
          key: "queue-legitimate-inbound-retries",
          label: "Legitimate inbound mail that senders retry",
          causes: [
            w(SPLIT, 2, Q.splitRequeues),
            w(OPEN_RELAY, -2, inferred("A queue of legitimate mail only does not fit a queue filled with spam.")),
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
        {
          key: "agents-yes",
          label: "Yes",
          causes: [
            w(AGENTS, 1, inferred("No document links a change of agents or rules to a problem; a recent change is a natural suspect for a transport agent problem.")),
          ],
        },
        {
          key: "agents-no",
          label: "No",
          causes: [w(AGENTS, -1, inferred("No document says so; an unchanged set of agents makes an agent problem somewhat less likely."))],
        },
        { key: "agents-not-sure", label: "Not sure", causes: [] },
      ],
    },
  ],
};
