import type { ArticleSeed } from "@/lib/kb/seed-schema";

// Source: 004_0699abce81226719.txt, topic 1 of the collection.

export const article: ArticleSeed = {
  slug: "edge-queue-451-5-7-3-cannot-achieve-exchange-server-authentication",
  title: "Troubleshooting Edge Transport Server Queues That Contain Mail Destined to a Hub Transport Server",
  summary:
    'Messages queue on an Exchange Server 2007 Edge Transport server destined for an internal Hub Transport server, and the Queue Viewer shows 451 5.7.3 "Cannot achieve Exchange Server authentication". ' +
    "Enable TLS and Exchange Server Authentication on the default Receive connector of the receiving Hub Transport server.",
  sourceKind: "technet-topic",
  sourceFile: "004_0699abce81226719.txt",
  sourceTitle: "Troubleshooting Edge Transport Server Queues That Contain Mail Destined to a Hub Transport Server",
  published: "Sunday 9 October 2011 (Collection: Exchange 2007 Mail Transport Query (2))",
  appliesTo: ["exchange-2007"],
  sections: [],
  symptoms: [
    {
      key: "edge-queue-451-5-7-3",
      description:
        "Messages queue on a Microsoft Exchange Server 2007 Edge Transport server that are destined for delivery to an internal Exchange Hub Transport server. " +
        'In the Queue Viewer, these messages display the error message 451 5.7.3 "Cannot achieve Exchange Server authentication".',
      location: "queue-viewer",
      signatures: [
        { kind: "smtp-reply", display: "451" },
        { kind: "enhanced-status", display: "5.7.3" },
        { kind: "log-line", display: "Cannot achieve Exchange Server authentication", weight: 2 },
      ],
    },
  ],
  causes: [
    {
      cause: "exchange-2007-receive-connector-tls-auth-missing",
      explanation:
        "This issue occurs when both Transport Layer Security (TLS) and Exchange Server Authentication are not configured on the default Receive connector of the receiving Exchange Hub Transport server.",
    },
  ],
  resolutions: [
    {
      key: "edge-451-enable-tls-and-exchange-server-auth",
      kind: "resolution",
      title:
        "To use the Exchange Management Console to configure authentication to allow an Edge server to transfer mail to Exchange Hub Transport servers",
      summary:
        "You can resolve this issue by enabling TLS and Exchange Server Authentication on the default Receive connector.",
      cause: "exchange-2007-receive-connector-tls-auth-missing",
      steps: [
        { text: String.raw`Open the Exchange Management Console and navigate to Server Configuration\Hub Transport.`, artifacts: [] },
        {
          text: "Select the default Receive connector for the Hub Transport server that you want to configure to receive mail from the Edge Transport server.",
          artifacts: [],
        },
        { text: "Right-click the default Receive connector, and then select Properties.", artifacts: [] },
        { text: "Select the Authentication tab.", artifacts: [] },
        { text: "Check the Transport Layer Security (TLS) check box.", artifacts: [] },
        { text: "Check the Exchange Server authentication check box.", artifacts: [] },
        { text: "Click Apply.", artifacts: [] },
        { text: "Click OK.", artifacts: [] },
        { text: "Force EdgeSync synchronization", artifacts: [] },
      ],
      warnings: [],
    },
  ],
  warnings: [],
  references: [],
};
