import type { ArticleSeed } from "@/lib/kb/seed-schema";

// Source: 001_0babdfc331d4642b.txt (KB 295725, older revision).

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

export const article: ArticleSeed = {
  slug: "xcon-receiving-duplicate-inbound-smtp-messages",
  title: "XCON: Receiving Duplicate Inbound SMTP Messages",
  summary:
    "Behind a Cisco PIX firewall with Mailguard, a user receives an exact copy of the same inbound message over and over at a consistent interval. " +
    "Mailguard rejects a CRLF.CRLF terminating string that is broken into separate packets, so the sending host never receives confirmation and re-queues the message (Cisco bug CSCds90792). To resolve this issue, turn off Mailguard.",
  sourceKind: "microsoft-kb",
  sourceFile: "001_0babdfc331d4642b.txt",
  sourceTitle: "XCON: Receiving Duplicate Inbound SMTP Messages (295725)",
  kbNumber: "295725",
  previousId: "Q295725",
  lastReviewed: "10/21/2003",
  appliesTo: ["exchange-5-5", "exchange-2000"],
  sections: [
    {
      kind: "background",
      heading: "Typical SMTP session",
      body:
        "In a typical SMTP session, a sending host marks the end of the DATA portion of the message with CRLF.CRLF on a line by itself. " +
        "The receiving host acknowledges receipt of the message data by issuing a 250 OK response back to the sending host. " +
        "The sending host replies with the QUIT command. The normal response from the receiving host would be 221 closing connection. " +
        "Once the sending host receives this last response, the session is complete.",
    },
    {
      kind: "sample-log",
      heading: "Sample captured SMTP log",
      body: SAMPLE_SMTP_LOG,
    },
    {
      kind: "more-information",
      heading: "MORE INFORMATION",
      body:
        "Mailguard allows connections to an e-mail host through Transport Control Protocol (TCP) port 25 only. " +
        "It logs all Simple Mail Transfer Protocol (SMTP) activity and allows only the minimum SMTP server commands found in Request for Comments (RFC) 821, Section 4.5.1.\n\n" +
        "PIX Firewalls are manufactured by Cisco, a vendor independent of Microsoft; we make no warranty, implied or otherwise, regarding these products' performance or reliability.",
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
      heading: "Article properties",
      body: "Modification Type: Major\nLast Reviewed: 10/21/2003\nKeywords: kbprb KB295725",
    },
  ],
  symptoms: [
    {
      key: "xcon-duplicate-inbound-messages",
      description:
        "A user receives an exact copy of the same inbound message over and over. Each new duplicate message is received at a consistent interval. " +
        'This continues for several hours and then stops suddenly. Several of these "runs" of duplicate messages can occur at the same time and can affect multiple users.',
      location: "client",
      signatures: [
        { kind: "symptom-sentence", display: "exact copy of the same inbound message over and over" },
      ],
    },
    {
      key: "xcon-masked-smtp-banner",
      description:
        "To check for the presence of Mailguard, from a workstation on the internet open a telnet session to port 25 of the Exchange IMS. You should see something similar to the following: " +
        "220 *********0***************************************************************** ************2*************",
      location: "telnet",
      signatures: [
        {
          kind: "banner",
          display: "220 *********0***************************************************************** ************2*************",
          value: "pix-masked",
          weight: 2,
        },
        { kind: "keyword", display: "Mailguard" },
      ],
    },
    {
      key: "xcon-ehlo-500-unrecognized-command",
      description: "Now issue the EHLO command. You may see the following:\nehlo\n500 Unrecognized command",
      location: "telnet",
      signatures: [{ kind: "log-line", display: "500 Unrecognized command", weight: 2 }],
    },
    {
      key: "xcon-no-response-to-crlf-crlf",
      description:
        "SMTP Protocol Logging on the receiving host shows the missing response of the receiving host to the CRLF.CRLF command: the log ends after 354 Send data. End with CRLF.CRLF, and the next entry is a new connection.",
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
        "The Cisco PIX firewall appliance uses an SMTP protocol filtering feature called Mailguard. Mailguard blocks all Extended Simple Mail Transfer Protocol (ESMTP) commands and allows only seven basic SMTP commands to pass. " +
        "The Mailguard feature is intended to help protect weakly secured mail servers. If a server is already well configured, and has the latest security patches and fixes from the SMTP vendor, Mailguard is not required.",
    },
    {
      cause: "cisco-pix-mailguard-split-terminator",
      explanation:
        "There is a known issue with Mailguard that causes duplicate inbound messages. " +
        "If for any reason the CRLF.CRLF terminating string is broken into separate packets during transmission, Mailguard rejects it and does not pass it to the mail server. " +
        "The connection eventually times out and the message queues for delivery on the receiving host. Because the sending host never receives confirmation of receipt, it assumes delivery failure. " +
        "It re-queues the message for attempted delivery at a later time. This goes on repeatedly until the message time-out on the sending host is exhausted. " +
        "Cisco has determined this to be an issue in certain versions of PIX operating software. This issue is linked to bug: CSCds90792.",
    },
  ],
  resolutions: [
    {
      key: "xcon-check-for-mailguard",
      kind: "diagnostic",
      title: "Check for the presence of Mailguard",
      summary:
        "From a workstation on the internet open a telnet session to port 25 of the Exchange IMS, look for an asterisk-masked banner, and then issue the EHLO command.",
      cause: "cisco-pix-mailguard",
      steps: [
        {
          text:
            "From a workstation on the internet open a telnet session to port 25 of the Exchange IMS. You should see something similar to the following: " +
            "220 *********0***************************************************************** ************2*************",
          artifacts: [
            {
              language: "text",
              title: "Banner shown when Mailguard is present",
              content: "220 *********0***************************************************************** ************2*************",
            },
          ],
        },
        {
          text: "Now issue the EHLO command. You may see the following: 500 Unrecognized command",
          artifacts: [{ language: "text", title: "EHLO and the Mailguard answer", content: "ehlo\n500 Unrecognized command" }],
        },
      ],
      warnings: [],
    },
    {
      key: "xcon-smtp-protocol-logging",
      kind: "diagnostic",
      title: "Pinpoint the failure with SMTP Protocol Logging",
      summary:
        "Further testing with SMTP Protocol Logging can be used to pinpoint the failure in a message session. In the sample captured SMTP log, observe the missing response of the receiving host to the CRLF.CRLF command.",
      cause: "cisco-pix-mailguard-split-terminator",
      steps: [
        {
          text: "Enable SMTP Protocol Logging and observe the missing response of the receiving host to the CRLF.CRLF command, as in the following sample captured SMTP log.",
          artifacts: [{ language: "log", title: "Sample captured SMTP log", content: SAMPLE_SMTP_LOG }],
        },
      ],
      warnings: [],
    },
    {
      key: "xcon-turn-off-mailguard",
      kind: "resolution",
      title: "Turn off Mailguard",
      summary: "To resolve this issue, turn off Mailguard.",
      cause: "cisco-pix-mailguard-split-terminator",
      steps: [],
      warnings: [],
    },
    {
      key: "xcon-update-pix-operating-system",
      kind: "resolution",
      title: "Get the corrected PIX operating system release from Cisco",
      summary:
        "Cisco has corrected this issue in later software releases. Customers who do not want to turn off Mailguard must contact Cisco for the latest updates to the PIX operating system. " +
        "Registered users of Cisco Connection Online (CCO) have access to release notes for this bug (CSCds90792) in Cisco's Software Bug Toolkit: http://www.cisco.com/kobayashi/bugs/bugs.html",
      cause: "cisco-pix-mailguard-split-terminator",
      steps: [],
      warnings: [],
    },
  ],
  warnings: [],
  references: [
    {
      kind: "cisco-bug",
      identifier: "CSCds90792",
      title: "Cisco Software Bug Toolkit (release notes for registered users of Cisco Connection Online (CCO))",
      url: "http://www.cisco.com/kobayashi/bugs/bugs.html",
    },
    { kind: "rfc", identifier: "RFC 821", title: "Request for Comments (RFC) 821, Section 4.5.1" },
  ],
};
