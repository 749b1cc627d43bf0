import type { ArticleSeed } from "@/lib/kb/seed-schema";

// Source: 002_69e631c3e071250b.txt (KB 295725 revision 5.4).

const MASKED_BANNER = "220 *********0***************************************************************** ************2*************";

const SAMPLE_SMTP_LOG = `2/7/01 5:01:20 PM : A connection was accepted from mail.domain1.com
2/7/01 5:01:21 PM : <<< HELO mail.domain1.com
2/7/01 5:01:21 PM : >>> 250 OK
2/7/01 5:01:21 PM : <<< MAIL From:<user@domain1.com>
2/7/01 5:01:21 PM : >>> 250 OK - mail from <user@domain1.com>
2/7/01 5:01:22 PM : <<< RCPT To:<user@domain2.com>
2/7/01 5:01:22 PM : >>> 250 OK - Recipient <user@domain2.com>
2/7/01 5:01:23 PM : <<< DATA
2/7/01 5:01:23 PM : >>> 354 Send data. End with CRLF.CRLF
2/7/01 5:05:44 PM : A connection was accepted from mail.domain3.com`;

const TEST_NOTE =
  "Note The following steps are based on PIX software version 4.0 and 4.1. To test PIX software version 4.2 and later versions, use the fixup protocol smtp 25 command and the appropriate Static statement and the appropriate Conduit statement for your mail server.";

export const article: ArticleSeed = {
  slug: "cannot-send-or-receive-behind-cisco-pix-firewall",
  title: "Cannot send or receive e-mail messages behind a Cisco PIX firewall",
  summary:
    "When you try to send or receive messages behind a Cisco PIX firewall, you experience one or more of several issues. " +
    "When the Microsoft Exchange server is positioned behind a Cisco PIX firewall device, the Mailguard SMTP protocol filtering feature blocks all ESMTP commands (X-LINK2STATE, Auth, Auth login, KILL, WIZ) and allows only seven basic SMTP commands to pass, " +
    "causing duplicate messages, link state routing and authentication problems, 0x800CCC79, 550 5.7.1 relaying denied from local server, attachment problems and 554 5.6.1 Body type not supported by Remote Host. " +
    "Work around it by turning off Mailguard (no fixup protocol smtp 25).",
  sourceKind: "microsoft-kb",
  sourceFile: "002_69e631c3e071250b.txt",
  sourceTitle: "Cannot send or receive e-mail messages behind a Cisco PIX firewall",
  kbNumber: "295725",
  previousId: "Q295725",
  revision: "5.4",
  lastReviewed: "October 25, 2007",
  appliesTo: [
    "exchange-5-5-standard",
    "exchange-2000-standard",
    "exchange-2003-enterprise",
    "exchange-2003-standard",
    "cisco-pix-4-0-4-1",
    "cisco-pix-4-2-and-later",
    "cisco-pix-4-4",
    "cisco-pix-5-1-and-later",
  ],
  sections: [
    {
      kind: "note",
      heading: "Duplicate incoming SMTP messages: corrected in later PIX software",
      body:
        "Cisco has corrected this issue in later software releases. Cisco has determined this to be an issue in certain versions of PIX operating software. This issue is linked to bug: CSCds90792. " +
        "(This revision of the article offers only the workaround below; the earlier revision, XCON: Receiving Duplicate Inbound SMTP Messages, also tells customers who do not want to turn off Mailguard to contact Cisco for the latest updates to the PIX operating system.)",
    },
    {
      kind: "note",
      heading: "Consolidated article",
      body: "This article is a consolidation of the following previously available article: 320027",
    },
    {
      kind: "note",
      heading: "Third-party products",
      body:
        "The third-party products that this article discusses are manufactured by companies that are independent of Microsoft. " +
        "Microsoft makes no warranty, implied or otherwise, regarding the performance or reliability of these products.",
    },
    {
      kind: "more-information",
      heading: "MORE INFORMATION",
      body:
        "The PIX Software Mailguard feature filters SMTP traffic. This feature was also referred to as Mailhost in earlier versions. " +
        "In PIX Software versions 4.0 and 4.1, you use the mailhost command to configure Mailguard. In PIX Software version 4.2 and in later versions, you use the fixup protocol smtp 25 command. " +
        "Mailguard allows connections to an e-mail host only through Transport Control Protocol (TCP) port 25. It logs all SMTP activity. " +
        "Additionally, it allows only the minimum SMTP server commands found in Request for Comments (RFC) 821, Section 4.5.1. These SMTP server commands are the following seven commands:\n" +
        "HELO\nMAIL\nRCPT\nDATA\nRSET\nNOOP\nQUIT\n\n" +
        "Note In addition to the Cisco PIX firewall, there are several firewall products that have SMTP Proxy capabilities that may produce the issues that are described earlier in this article.",
    },
    {
      kind: "background",
      heading: "Duplicate incoming SMTP messages",
      body:
        "In a typical SMTP session, a sending host marks the end of the DATA part of the message with CRLF.CRLF on a line by itself. " +
        "The receiving host acknowledges receipt of the message data by issuing a 250 OK response back to the sending host. The sending host replies with the QUIT command. " +
        "The normal response from the receiving host would be 221 closing connection. Once the sending host receives this last response, the session is complete.\n\n" +
        "If for any reason the CRLF.CRLF terminating string is broken into separate packets during transmission, Mailguard rejects it and does not pass it to the mail server. " +
        "The connection eventually times out and the message queues for delivery on the receiving host. Because the sending host never receives confirmation of receipt, it assumes delivery failure. " +
        "It re-queues the message for attempted delivery at a later time. This goes on repeatedly until the message time-out on the sending host is exhausted.\n\n" +
        "Further testing with SMTP Protocol Logging can be used to pinpoint the failure in a message session. From a sample captured SMTP log below, observe the missing response of the receiving host to the CRLF.CRLF command.\n\n" +
        "Cisco has determined this to be an issue in certain versions of PIX operating software. This issue is linked to bug: CSCds90792. " +
        "Registered users of Cisco Connection Online (CCO) have access to release notes for this bug in Cisco's Software Bug Toolkit. " +
        "For more information, visit the folowing Cisco Web site: http://www.cisco.com/kobayashi/bugs/bugs.html",
    },
    {
      kind: "sample-log",
      heading: "Duplicate incoming SMTP messages: sample captured SMTP log",
      body: SAMPLE_SMTP_LOG,
    },
    {
      kind: "more-information",
      heading: "How to test the Mailguard feature",
      body:
        'When the Mailguard feature is turned off, the mail server responds to an invalid command with the "500 Command unrecognized" error message. ' +
        'However, when the Mailguard feature is turned on, the Cisco PIX firewall responds with the "OK" message, regardless of whether the command is valid or is not valid. ' +
        "To determine whether the Mailguard feature is blocking commands that are not valid, follow the steps for when Mailguard is turned off and when Mailguard is turned on.\n\n" +
        TEST_NOTE,
    },
    {
      kind: "note",
      heading: "Third-party contact information",
      body:
        "Microsoft provides third-party contact information to help you find technical support. This contact information may change without notice. " +
        "Microsoft does not guarantee the accuracy of this third-party contact information.",
    },
    {
      kind: "note",
      heading: "APPLIES TO",
      body:
        "Microsoft Exchange Server 5.5 Standard Edition\n" +
        "Microsoft Exchange 2000 Server Standard Edition\n" +
        "Microsoft Exchange Server 2003 Enterprise Edition\n" +
        "Microsoft Exchange Server 2003 Standard Edition",
    },
    {
      kind: "note",
      heading: "Article properties",
      body: "Article ID: 295725\nLast Review: October 25, 2007\nRevision: 5.4\nKeywords: kbprb KB295725",
    },
  ],
  symptoms: [
    // The eight issues of the SYMPTOMS section, in order.
    {
      key: "kb295725-duplicate-inbound-messages",
      description:
        "A user receives an exact copy of the same inbound message over and over. Each new duplicate message is received at a consistent interval. This continues for several hours and then stops suddenly.",
      location: "client",
      signatures: [
        { kind: "symptom-sentence", display: "exact copy of the same inbound message over and over" },
      ],
    },
    {
      key: "kb295725-x-link2state-not-passed",
      description:
        "If there is a Cisco PIX firewall device between the routing groups: The X-LINK2STATE verb is not passed. Additionally, you have link state routing issues between routing groups.",
      location: "server-log",
      signatures: [
        { kind: "keyword", display: "X-LINK2STATE", weight: 2 },
        { kind: "symptom-sentence", display: "link state routing issues between routing groups" },
      ],
    },
    {
      key: "kb295725-routing-group-connector-authentication",
      description:
        "If there is a Cisco PIX firewall device between the routing groups: There are authentication problems between servers because of a routing group connector.",
      location: "server-log",
      signatures: [{ kind: "symptom-sentence", display: "authentication problems between servers because of a routing group connector" }],
    },
    {
      key: "kb295725-cannot-receive-internet-mail",
      description: "You cannot receive Internet-based e-mail messages.",
      location: "client",
      signatures: [{ kind: "symptom-sentence", display: "You cannot receive Internet-based e-mail messages" }],
    },
    {
      key: "kb295725-outlook-0x800ccc79",
      description:
        "When you use Microsoft Outlook or Microsoft Outlook Express to send e-mail messages, you receive the 0x800CCC79 error message.",
      location: "client",
      signatures: [{ kind: "hresult", display: "0x800CCC79", weight: 2 }],
    },
    {
      key: "kb295725-pop3-auth-relaying-denied",
      description:
        "The Post Office Protocol version 3 (POP3) protocol cannot be authenticated. Additionally, you receive the following error message: 550 5.7.1 relaying denied from local server",
      location: "client",
      signatures: [
        { kind: "smtp-reply", display: "550" },
        { kind: "enhanced-status", display: "5.7.1" },
        { kind: "log-line", display: "550 5.7.1 relaying denied from local server", weight: 2 },
        { kind: "log-line", display: "relaying denied from local server", weight: 2 },
      ],
    },
    {
      key: "kb295725-attachments-missing-or-garbled",
      description: "You cannot send messages that have attachments. Or, the attachments are missing or garbled.",
      location: "client",
      signatures: [{ kind: "symptom-sentence", display: "the attachments are missing or garbled" }],
    },
    {
      key: "kb295725-8bitmime-554-5-6-1",
      description:
        "When you send messages that contain binary MIME (8bitmime) parts, you receive the following error message in a non-delivery report (NDR) message: 554 5.6.1 Body type not supported by Remote Host.",
      location: "ndr",
      signatures: [
        { kind: "smtp-reply", display: "554" },
        { kind: "enhanced-status", display: "5.6.1" },
        { kind: "log-line", display: "Body type not supported by Remote Host", weight: 2 },
        { kind: "keyword", display: "8bitmime" },
      ],
    },
    // What the Mailguard checks in the CAUSE, "Duplicate incoming SMTP messages" and "How to test" sections show.
    {
      key: "kb295725-masked-smtp-banner",
      description:
        "From a workstation on the Internet, a Telnet session to the IP address of the MX record on port 25 shows text that resembles the following: " +
        MASKED_BANNER +
        ' (On Cisco PIX firewalls with firmware version 5.1 and with later versions, the fixup protocol smtp command changes most characters in the SMTP banner to asterisks. The exceptions to this are the "2" character, the "0" character, and the "0 " character. In version 4.4, all characters in the SMTP banner are converted to asterisks.)',
      location: "telnet",
      signatures: [
        { kind: "banner", display: MASKED_BANNER, value: "pix-masked", weight: 2 },
        { kind: "keyword", display: "Mailguard" },
        { kind: "keyword", display: "fixup protocol smtp" },
      ],
    },
    {
      key: "kb295725-ehlo-ok-or-500",
      description: "When you issue the EHLO command, you may receive one of the following messages: OK, or 500 Unrecognized command",
      location: "telnet",
      signatures: [{ kind: "log-line", display: "500 Unrecognized command", weight: 2 }],
    },
    {
      key: "kb295725-invalid-command-answered-ok",
      description:
        'When the Mailguard feature is turned on, the Cisco PIX firewall responds with the "OK" message, regardless of whether the command is valid or is not valid: typing goodmorning on port 25 returns OK. instead of 500 Command unrecognized.',
      location: "telnet",
      signatures: [{ kind: "keyword", display: "goodmorning" }],
    },
    {
      key: "kb295725-no-response-to-crlf-crlf",
      description:
        "In an SMTP Protocol Logging log of the receiving host, the response of the receiving host to the CRLF.CRLF command is missing (the session stops after 354 Send data. End with CRLF.CRLF).",
      location: "server-log",
      signatures: [
        { kind: "log-line", display: "354 Send data. End with CRLF.CRLF" },
        { kind: "keyword", display: "CRLF.CRLF" },
      ],
    },
  ],
  causes: [
    {
      cause: "cisco-pix-mailguard",
      explanation:
        "These issues may occur if the Microsoft Exchange server is positioned behind a Cisco PIX firewall device. The Cisco PIX firewall device uses an SMTP protocol filtering feature that is named Mailguard. " +
        "When the Mailguard feature is turned on, it blocks all Extended Simple Mail Transfer Protocol (ESMTP) commands. Mailguard allows only seven basic Simple Mail Transfer Protocol (SMTP) commands to pass. " +
        "Therefore, the PIX firewall does not forward the ESMTP commands to the mail server. The ESMTP commands include commands such as X-LINK2STATE, Auth, Auth login, KILL, and WIZ.",
    },
    {
      cause: "cisco-pix-mailguard-split-terminator",
      explanation:
        "Additionally, there is a known issue with Mailguard that causes duplicate incoming messages. Cisco has corrected this issue in later software releases. " +
        "If for any reason the CRLF.CRLF terminating string is broken into separate packets during transmission, Mailguard rejects it and does not pass it to the mail server. " +
        "This issue is linked to bug: CSCds90792.",
    },
  ],
  resolutions: [
    {
      key: "kb295725-check-for-mailguard",
      kind: "diagnostic",
      title: "Check for the presence of Mailguard",
      summary:
        "Open a Telnet session to the IP address of the MX record on port 25 from a workstation on the Internet, look for an asterisk banner, and then issue the EHLO command.",
      cause: "cisco-pix-mailguard",
      steps: [
        {
          text:
            "From a workstation on the Internet, open a Telnet session to the IP address of the MX record on port 25. You should see text that resembles the following: " +
            MASKED_BANNER,
          artifacts: [{ language: "text", title: "Banner that indicates Mailguard", content: MASKED_BANNER }],
        },
        {
          text: "Issue the EHLO command. You may receive one of the following messages: OK, or 500 Unrecognized command",
          artifacts: [{ language: "text", title: "Possible answers to EHLO", content: "OK\n500 Unrecognized command" }],
        },
      ],
      warnings: [
        {
          level: "note",
          risk: "other",
          text:
            "If you have an ESMTP server behind the PIX firewall, you may have to turn off the Mailguard feature to allow mail to flow correctly. " +
            "Also, you may be unable to establish a Telnet session to port 25 with the fixup protocol smtp command. This is especially true with a Telnet client that uses character mode.",
        },
        {
          level: "note",
          risk: "other",
          text:
            "On Cisco PIX firewalls with firmware version 5.1 and with later versions, the fixup protocol smtp command changes most characters in the SMTP banner to asterisks. " +
            'The exceptions to this are the "2" character, the "0" character, and the "0 " character. The carriage return (CR) character and the linefeed (LF) character are ignored. ' +
            "In version 4.4, all characters in the SMTP banner are converted to asterisks.",
        },
      ],
    },
    {
      key: "kb295725-turn-off-mailguard",
      kind: "workaround",
      title: "Turn off the Mailguard feature of the PIX firewall",
      summary: "To work around these issues, turn off the Mailguard feature of the PIX firewall (no fixup protocol smtp 25).",
      cause: "cisco-pix-mailguard",
      steps: [
        {
          text: "Establish a Telnet session to log on to the Cisco PIX firewall. Alternatively, use the console to log on to the Cisco PIX firewall.",
          artifacts: [],
        },
        {
          text: "Type enable, and then press ENTER.",
          artifacts: [{ language: "device-cli", title: "Enter privileged mode", content: "enable" }],
        },
        { text: "When you are prompted for your password, type your password, and then press ENTER.", artifacts: [] },
        {
          text: "Type configure terminal, and then press ENTER.",
          artifacts: [{ language: "device-cli", title: "Enter configuration mode", content: "configure terminal" }],
        },
        {
          text: "Type no fixup protocol smtp 25, and then press ENTER.",
          artifacts: [{ language: "device-cli", title: "Turn off Mailguard", content: "no fixup protocol smtp 25" }],
        },
        {
          text: "Type write memory, and then press ENTER.",
          artifacts: [{ language: "device-cli", title: "Save the configuration", content: "write memory" }],
        },
        { text: "Restart or reload the Cisco PIX firewall.", artifacts: [] },
      ],
      warnings: [
        {
          level: "warning",
          risk: "lowers-security",
          text:
            "This workaround may make your computer or your network more vulnerable to attack by malicious users or by malicious software such as viruses. " +
            "We do not recommend this workaround but are providing this information so that you can implement this workaround at your own discretion. Use this workaround at your own risk.",
        },
        {
          level: "note",
          risk: "other",
          text:
            "For more information about how to turn off the Mailguard feature of the Cisco PIX firewall, visit the following Cisco Web site: http://www.cisco.com/support/index.shtml",
        },
      ],
    },
    {
      key: "kb295725-smtp-protocol-logging",
      kind: "diagnostic",
      title: "Pinpoint the failure in a message session with SMTP Protocol Logging",
      summary:
        "Further testing with SMTP Protocol Logging can be used to pinpoint the failure in a message session: observe the missing response of the receiving host to the CRLF.CRLF command.",
      cause: "cisco-pix-mailguard-split-terminator",
      steps: [
        {
          text: "From a captured SMTP log, observe the missing response of the receiving host to the CRLF.CRLF command.",
          artifacts: [{ language: "log", title: "Sample captured SMTP log", content: SAMPLE_SMTP_LOG }],
        },
      ],
      warnings: [],
    },
    {
      key: "kb295725-test-mailguard-off",
      kind: "diagnostic",
      title: "How to test the Mailguard feature: when Mailguard is turned off",
      summary: 'When the Mailguard feature is turned off, the mail server responds to an invalid command with the "500 Command unrecognized" error message.',
      cause: "cisco-pix-mailguard",
      outcome: "You receive the following error message: 500 Command unrecognized.",
      steps: [
        {
          text: "On the Cisco PIX firewall, use the Static command and the Conduit command to allow all hosts in on TCP port 25 (SMTP).",
          artifacts: [],
        },
        { text: "Establish a Telnet session on the external interface of the Cisco PIX firewall on port 25.", artifacts: [] },
        {
          text:
            "Type a command that is not valid, and then press ENTER. For example, type goodmorning, and then press ENTER. You receive the following error message: 500 Command unrecognized.",
          artifacts: [
            { language: "text", title: "Command that is not valid", content: "goodmorning" },
            { language: "text", title: "Response when Mailguard is turned off", content: "500 Command unrecognized." },
          ],
        },
      ],
      warnings: [{ level: "note", risk: "other", text: TEST_NOTE.replace(/^Note /, "") }],
    },
    {
      key: "kb295725-test-mailguard-on",
      kind: "diagnostic",
      title: "How to test the Mailguard feature: when Mailguard is turned on",
      summary:
        'When the Mailguard feature is turned on, the Cisco PIX firewall responds with the "OK" message, regardless of whether the command is valid or is not valid.',
      cause: "cisco-pix-mailguard",
      outcome: "You receive the following message: OK.",
      steps: [
        {
          text:
            "Use the mailhostcommand or the fixup protocol smtp 25 command to turn on the Mailguard feature on the external interface of the Cisco PIX firewall.",
          artifacts: [
            { language: "device-cli", title: "PIX Software 4.0 and 4.1", content: "mailhost" },
            { language: "device-cli", title: "PIX Software 4.2 and later", content: "fixup protocol smtp 25" },
          ],
        },
        { text: "Establish a Telnet session on the external interface of the Cisco PIX firewall on port 25.", artifacts: [] },
        {
          text:
            "Type a command that is not valid, and then press ENTER. For example, type goodmorning, and then press ENTER. You receive the following message: OK.",
          artifacts: [
            { language: "text", title: "Command that is not valid", content: "goodmorning" },
            { language: "text", title: "Response when Mailguard is turned on", content: "OK." },
          ],
        },
      ],
      warnings: [{ level: "note", risk: "other", text: TEST_NOTE.replace(/^Note /, "") }],
    },
  ],
  warnings: [
    {
      level: "important",
      risk: "lowers-security",
      text:
        "This article contains information that shows you how to help lower security settings or how to turn off security features on a computer. " +
        "You can make these changes to work around a specific problem. Before you make these changes, we recommend that you evaluate the risks that are associated with implementing this workaround in your particular environment. " +
        "If you implement this workaround, take any appropriate additional steps to help protect your system.",
    },
  ],
  references: [
    { kind: "kb", identifier: "320027", title: "Previously available article consolidated into KB 295725" },
    { kind: "rfc", identifier: "RFC 821", title: "RFC 821 (minimum SMTP server commands: Section 4.5.1)", url: "http://www.faqs.org/rfcs/rfc821.html" },
    {
      kind: "cisco-bug",
      identifier: "CSCds90792",
      title: "Cisco Software Bug Toolkit (release notes for registered users of Cisco Connection Online (CCO))",
      url: "http://www.cisco.com/kobayashi/bugs/bugs.html",
    },
    {
      kind: "url",
      identifier: "http://www.cisco.com/support/index.shtml",
      title: "How to turn off the Mailguard feature of the Cisco PIX firewall (Cisco Web site)",
      url: "http://www.cisco.com/support/index.shtml",
    },
    {
      kind: "url",
      identifier: "http://www.cisco.com/univercd/cc/td/doc/product/iaabu/pix/pix_v52/config/commands.htm#xtocid1604922",
      title: "How to configure the Cisco PIX firewall (Cisco Web site)",
      url: "http://www.cisco.com/univercd/cc/td/doc/product/iaabu/pix/pix_v52/config/commands.htm#xtocid1604922",
    },
    {
      kind: "url",
      identifier: "http://www.cisco.com/warp/public/110/22.html",
      title: "How to configure the Cisco PIX firewall (Cisco Web site)",
      url: "http://www.cisco.com/warp/public/110/22.html",
    },
    {
      kind: "url",
      identifier: "http://www.cisco.com/en/US/products/sw/secursw/ps2120/products_installation_and_configuration_guides_list.html",
      title: "How to configure the Cisco PIX firewall (Cisco Web site)",
      url: "http://www.cisco.com/en/US/products/sw/secursw/ps2120/products_installation_and_configuration_guides_list.html",
    },
    {
      kind: "url",
      identifier: "http://www.cisco.com/en/US/tech/tk331/tk897/tsd_technology_support_sub-protocol_home.html",
      title: "How to configure the Cisco PIX firewall (Cisco Web site)",
      url: "http://www.cisco.com/en/US/tech/tk331/tk897/tsd_technology_support_sub-protocol_home.html",
    },
  ],
};
