import type { ArticleSeed } from "@/lib/kb/seed-schema";

// Source: 004_0699abce81226719.txt, topic 7 of the collection (Exchange 2007 version of the PIX Mailguard topic).

const MASKED_BANNER_1 = "220*******************************0*2******0***********";
const MASKED_BANNER_2 = "2002*******2***0*00";
const CMAP_BANNER = "220 SMTP/cmap_____________________________________read";

const TEST_NOTE =
  "These steps are based on PIX software versions 4.0 and 4.1. To test later versions of PIX software, such as version 4.2, use the fixup protocol smtp 25 command together with the appropriate static and conduit statements for your mail server.";

const THIRD_PARTY_URL_NOTE =
  "The third-party Web site information in this topic is provided to help you find the technical information you need. The URLs are subject to change without notice.";

export const article: ArticleSeed = {
  slug: "exchange-2007-cannot-send-or-receive-behind-cisco-pix",
  title: "You Cannot Send or Receive E-Mail Messages Behind a Cisco PIX Firewall",
  summary:
    "Mail flow issues occur when Microsoft Exchange is located behind a Cisco PIX firewall device that has the Mailguard feature enabled and removes the Auth and Auth login ESMTP commands. " +
    "Check the banner over telnet (asterisks, or SMTP/cmap on earlier PIX versions), test Mailguard with an invalid command, and turn off Mailguard (no fixup protocol smtp 25). " +
    "Cisco ASA Extended SMTP inspection improves the traditional SMTP inspection of PIX Firewall version 6.x or earlier.",
  sourceKind: "technet-topic",
  sourceFile: "004_0699abce81226719.txt",
  sourceTitle: "You Cannot Send or Receive E-Mail Messages Behind a Cisco PIX Firewall",
  published: "Sunday 9 October 2011 (Collection: Exchange 2007 Mail Transport Query (2))",
  appliesTo: [
    "exchange-2007",
    "cisco-pix-4-0-4-1",
    "cisco-pix-4-2-and-later",
    "cisco-pix-4-4",
    "cisco-pix-5-1-and-later",
    "cisco-pix-6-x-or-earlier",
  ],
  sections: [
    {
      kind: "note",
      heading: "Note",
      body: THIRD_PARTY_URL_NOTE,
    },
    {
      kind: "note",
      heading: "Other firewall products",
      body:
        'Other firewall products that include SMTP Proxy functionality may also generate the behavior that is mentioned in the "Introduction" section. ' +
        'For more information about these products, see the "For More Information" section in this topic.',
    },
    {
      kind: "background",
      heading: "Cisco ASA Extended SMTP inspection",
      body:
        "Cisco ASA Extended SMTP inspection improves the traditional SMTP inspection that is provided by Cisco PIX Firewall version 6.x or earlier versions. " +
        "It provides protection against SMTP-based attacks by restricting the types of SMTP commands that can pass through the Cisco ASA. " +
        "This also applies to several Cisco routers including the commonly used Catalyst 6500 and 7600 models.\n\n" +
        THIRD_PARTY_URL_NOTE,
    },
    {
      kind: "more-information",
      heading: "For More Information",
      body:
        "The PIX Mailguard feature (known as Mailhost in early versions) filters SMTP traffic. For PIX Software versions 4.0 and 4.1, you use the mailhost command to configure Mailguard. " +
        "In PIX Software version 4.2 and later versions, you use the fixup protocol smtp 25 command.\n" +
        "Note: You must also have static IP address assignments and conduit statements for the mail server.\n\n" +
        "When Mailguard is configured, it allows only the commands that form the minimum implementation of SMTP, as described in Request for Comments (RFC) 821, section 4.5.1. The seven minimum commands are as follows:\n" +
        "• HELO\n• MAIL\n• RCPT\n• DATA\n• RSET\n• NOOP\n• QUIT\n" +
        "For more information, see RFC821 - Simple Mail Transfer Protocol.\n\n" +
        "Other commands, such as KILL and WIZ, are not forwarded to the mail server by the PIX firewall. " +
        'Early versions of the PIX firewall return an "OK" response, even to commands that are blocked. This is intended to prevent an attacker from determining whether the commands have been blocked. ' +
        'All other commands are rejected with the "500 Command unrecognized" response.\n\n' +
        'On Cisco PIX firewalls with firmware versions 5.1 and later versions, the fixup protocol smtp command changes the characters in the SMTP banner to asterisks, except for the "2," "0," and "0" characters. ' +
        "Carriage return (CR) and linefeed (LF) characters are ignored. In version 4.4, all characters in the SMTP banner are converted to asterisks.",
    },
    {
      kind: "more-information",
      heading: "To determine whether Mailguard is functioning correctly",
      body:
        'Because the Mailguard feature may return an "OK" response to all commands, it may be difficult to determine whether Mailguard is active. ' +
        "To determine whether the Mailguard feature is blocking commands that are not valid, follow the steps With Mailguard Turned Off and With Mailguard Turned On.\n" +
        "Note: " + TEST_NOTE + "\n\n" +
        'When the Mailguard feature is turned off, the mail server generates a "500 Command unrecognized" response for invalid commands. ' +
        "However, when the Mailguard feature is turned on, the PIX firewall intercepts the invalid command because the firewall passes only the seven minimum SMTP commands. " +
        'The PIX firewall responds with "OK" whether the command is valid or not.',
    },
  ],
  symptoms: [
    // The fourteen mail flow issues the topic lists, in order.
    {
      key: "pix2007-cannot-receive-internet-mail",
      description: "You cannot receive Internet-based e-mail messages.",
      location: "client",
      signatures: [{ kind: "symptom-sentence", display: "You cannot receive Internet-based e-mail messages" }],
    },
    {
      key: "pix2007-cannot-send-attachments",
      description: "You cannot send e-mail messages that have attachments.",
      location: "client",
      signatures: [{ kind: "symptom-sentence", display: "You cannot send e-mail messages that have attachments" }],
    },
    {
      key: "pix2007-cannot-telnet-port-25",
      description: "You cannot establish a telnet session with the Exchange server on port 25.",
      location: "telnet",
      signatures: [{ kind: "symptom-sentence", display: "You cannot establish a telnet session with the Exchange server on port 25" }],
    },
    {
      key: "pix2007-ehlo-command-unrecognized-or-ok",
      description: 'When you send an EHLO command to the Exchange server, you receive a "Command unrecognized" response or an "OK" response.',
      location: "telnet",
      signatures: [
        {
          kind: "symptom-sentence",
          display: 'When you send an EHLO command to the Exchange server, you receive a "Command unrecognized" response or an "OK" response',
        },
      ],
    },
    {
      key: "pix2007-specific-domains",
      description: "You cannot send or receive mail on specific domains.",
      location: "client",
      signatures: [{ kind: "symptom-sentence", display: "You cannot send or receive mail on specific domains" }],
    },
    {
      key: "pix2007-pop3-auth-550-5-7-1-relaying-denied",
      description:
        'You have problems with Post Office Protocol version 3 (POP3) authentication. In this scenario, you may receive a "550 5.7.1 relaying denied" error on the Exchange server.',
      location: "server-log",
      signatures: [
        { kind: "smtp-reply", display: "550" },
        { kind: "enhanced-status", display: "5.7.1" },
        { kind: "log-line", display: "550 5.7.1 relaying denied", weight: 2 },
        { kind: "log-line", display: "relaying denied", weight: 2 },
      ],
    },
    {
      key: "pix2007-duplicate-messages-sent",
      description: "Duplicate e-mail messages are sent (sometimes five or six copies).",
      location: "client",
      signatures: [{ kind: "symptom-sentence", display: "Duplicate e-mail messages are sent (sometimes five or six copies)" }],
    },
    {
      key: "pix2007-duplicate-incoming-messages",
      description: "You receive duplicate incoming Simple Mail Transfer Protocol (SMTP) messages.",
      location: "client",
      signatures: [{ kind: "symptom-sentence", display: "duplicate incoming Simple Mail Transfer Protocol (SMTP) messages" }],
    },
    {
      key: "pix2007-outlook-0x800ccc79",
      description: "Microsoft Office Outlook clients generate error 0x800CCC79 when they try to send e-mail messages.",
      location: "client",
      signatures: [{ kind: "hresult", display: "0x800CCC79", weight: 2 }],
    },
    {
      key: "pix2007-8bit-mime-554-5-6-1",
      description:
        'You have problems with binary MIME (8-bit MIME). In this scenario, you receive the following text in a non-delivery report (NDR) delivery status notification (DSN) message: "554 5.6.1 Body type not supported by Remote Host."',
      location: "ndr",
      signatures: [
        { kind: "smtp-reply", display: "554" },
        { kind: "enhanced-status", display: "5.6.1" },
        { kind: "log-line", display: "Body type not supported by Remote Host", weight: 2 },
        { kind: "keyword", display: "8-bit MIME" },
      ],
    },
    {
      key: "pix2007-missing-or-damaged-attachments",
      description: "You have missing or damaged message attachments.",
      location: "client",
      signatures: [{ kind: "symptom-sentence", display: "missing or damaged message attachments" }],
    },
    {
      key: "pix2007-link-state-routing-problems",
      description:
        "You have problems with the link state routing between routing groups when a Cisco PIX firewall device is located between the routing groups.",
      location: "server-log",
      signatures: [{ kind: "symptom-sentence", display: "problems with the link state routing between routing groups" }],
    },
    {
      key: "pix2007-x-link2state-not-passed",
      description: "The X-LINK2STATE verb is not passed.",
      location: "server-log",
      signatures: [{ kind: "keyword", display: "X-LINK2STATE", weight: 2 }],
    },
    {
      key: "pix2007-routing-group-connector-authentication",
      description: "Authentication issues occur between servers over a routing group connector.",
      location: "server-log",
      signatures: [{ kind: "symptom-sentence", display: "Authentication issues occur between servers over a routing group connector" }],
    },
    // What the Mailguard checks in the Cause and "To determine whether Mailguard is functioning correctly" sections show.
    {
      key: "pix2007-masked-smtp-banner",
      description:
        "Telnet to the IP address of the MX resource record returns a response that resembles the following (for readability, some asterisks (*) were removed from this message):\n" +
        MASKED_BANNER_1 + "\n" + MASKED_BANNER_2,
      location: "telnet",
      signatures: [
        { kind: "banner", display: MASKED_BANNER_1, value: "pix-masked", weight: 2 },
        { kind: "banner", display: MASKED_BANNER_2, value: "pix-masked", weight: 2 },
      ],
    },
    {
      key: "pix2007-cmap-smtp-banner",
      description: "Earlier versions of PIX devices return the following response to a telnet on port 25:\n" + CMAP_BANNER,
      location: "telnet",
      signatures: [
        { kind: "banner", display: CMAP_BANNER, value: "pix-cmap", weight: 2 },
        { kind: "keyword", display: "SMTP/cmap" },
      ],
    },
    {
      key: "pix2007-invalid-command-answered-ok",
      description:
        'With Mailguard turned on, typing a command that is not valid (for example, goodmorning) on port 25 of the external interface returns an "OK" response: the PIX firewall responds with "OK" whether the command is valid or not.',
      location: "telnet",
      signatures: [{ kind: "keyword", display: "goodmorning" }],
    },
  ],
  causes: [
    {
      cause: "cisco-pix-mailguard",
      explanation:
        "These issues may occur when both the following conditions are true: The Exchange server is located behind a Cisco PIX firewall device that has the Mailguard feature enabled. " +
        "The Auth and Auth login Extended Simple Mail Transfer Protocol (ESMTP) commands are removed by the firewall. " +
        "Note: In this scenario, Exchange assumes that you are relaying e-mail from a remote domain.",
    },
  ],
  resolutions: [
    {
      key: "pix2007-check-for-mailguard",
      kind: "diagnostic",
      title: "Determine whether Mailguard is running on the PIX firewall",
      summary:
        "Telnet to the IP address of the MX resource record, and then verify whether you receive a response that resembles an asterisk banner (or SMTP/cmap on earlier versions of PIX devices).",
      cause: "cisco-pix-mailguard",
      steps: [
        {
          text:
            "Telnet to the IP address of the MX resource record, and then verify that you receive a response that resembles the following (for readability, some asterisks (*) were removed from this message): " +
            MASKED_BANNER_1 + " " + MASKED_BANNER_2 + ". Earlier versions of PIX devices: " + CMAP_BANNER,
          artifacts: [
            { language: "text", title: "Response when Mailguard is running", content: MASKED_BANNER_1 + "\n" + MASKED_BANNER_2 },
            { language: "text", title: "Response from earlier versions of PIX devices", content: CMAP_BANNER },
          ],
        },
      ],
      warnings: [],
    },
    {
      key: "pix2007-turn-off-mailguard",
      kind: "workaround",
      title: "Turn off the PIX Mailguard feature",
      summary:
        "If you have an Extended SMTP (ESMTP) server behind a PIX firewall device, you may have to turn off the PIX Mailguard feature to enable correct mail flow.",
      cause: "cisco-pix-mailguard",
      steps: [
        { text: "Log on to the PIX device by establishing a telnet session or by using the console.", artifacts: [] },
        {
          text: "Type enable, and then press ENTER.",
          artifacts: [{ language: "device-cli", title: "Enter privileged mode", content: "enable" }],
        },
        { text: "When you are prompted, type your password, and then press ENTER.", artifacts: [] },
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
        { text: "Restart the PIX device, or reload the PIX configuration.", artifacts: [] },
      ],
      warnings: [
        {
          level: "caution",
          risk: "lowers-security",
          text:
            "This workaround may make your computer or your network more vulnerable to attack by malicious users or by malicious software such as viruses. Use this workaround at your own risk.",
        },
      ],
    },
    {
      key: "pix2007-test-mailguard-off",
      kind: "diagnostic",
      title: "With Mailguard Turned Off",
      summary: 'When the Mailguard feature is turned off, the mail server generates a "500 Command unrecognized" response for invalid commands.',
      cause: "cisco-pix-mailguard",
      outcome: 'You receive a "500 Command unrecognized" response.',
      steps: [
        {
          text: "On the PIX firewall, use the static and conduit commands to allow incoming traffic from all hosts on TCP port 25 (SMTP).",
          artifacts: [],
        },
        { text: "Establish a telnet session on the external interface of the PIX firewall on port 25.", artifacts: [] },
        {
          text:
            'Type a command that is not valid, and then press ENTER. For example, type goodmorning, and then press ENTER. You receive a "500 Command unrecognized" response.',
          artifacts: [
            { language: "text", title: "Command that is not valid", content: "goodmorning" },
            { language: "text", title: "Response with Mailguard turned off", content: "500 Command unrecognized" },
          ],
        },
      ],
      warnings: [{ level: "note", risk: "other", text: TEST_NOTE }],
    },
    {
      key: "pix2007-test-mailguard-on",
      kind: "diagnostic",
      title: "With Mailguard Turned On",
      summary:
        'When the Mailguard feature is turned on, the PIX firewall intercepts the invalid command because the firewall passes only the seven minimum SMTP commands. The PIX firewall responds with "OK" whether the command is valid or not.',
      cause: "cisco-pix-mailguard",
      outcome: 'You receive an "OK" response.',
      steps: [
        {
          text: "Use the mailhost or the fixup protocol smtp 25 command to turn on the Mailguard feature on the external interface of the PIX firewall.",
          artifacts: [
            { language: "device-cli", title: "PIX Software 4.0 and 4.1", content: "mailhost" },
            { language: "device-cli", title: "PIX Software 4.2 and later", content: "fixup protocol smtp 25" },
          ],
        },
        { text: "Establish a telnet session on the external interface of the PIX firewall on port 25.", artifacts: [] },
        {
          text:
            'Type a command that is not valid, and then press ENTER. For example, type goodmorning, and then press ENTER. You receive an "OK" response.',
          artifacts: [
            { language: "text", title: "Command that is not valid", content: "goodmorning" },
            { language: "text", title: "Response with Mailguard turned on", content: "OK" },
          ],
        },
      ],
      warnings: [{ level: "note", risk: "other", text: TEST_NOTE }],
    },
  ],
  warnings: [],
  references: [
    { kind: "rfc", identifier: "RFC 821", title: "RFC821 - Simple Mail Transfer Protocol (section 4.5.1)" },
    { kind: "article", identifier: "Testing the PIX Firewall Mailguard Feature", title: "Testing the PIX Firewall Mailguard Feature" },
  ],
};
