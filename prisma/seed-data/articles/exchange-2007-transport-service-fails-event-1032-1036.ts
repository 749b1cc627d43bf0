import type { ArticleSeed } from "@/lib/kb/seed-schema";

// Source: 004_0699abce81226719.txt, topic 6 of the collection.

const EVENT_1032 = `Event ID: 1032
Event Source: MSExchange TransportService
Event Type: Error
Description: Socket Access Denied. Binding: 0.0.0.0:25.`;

const EVENT_1036 = `Event ID: 1036
Event Source: MSExchange TransportService
Event Type: Error
Description: Failed to open one or more bindings. The service will be stopped.`;

export const article: ArticleSeed = {
  slug: "exchange-2007-transport-service-fails-event-1032-1036",
  title:
    "Troubleshooting the Microsoft Exchange Transport Service When It Fails to Start on an Exchange 2007 Hub Transport Server with Event ID 1032 or 1036",
  summary:
    "The Microsoft Exchange Transport service fails to start on an Exchange Server 2007 Hub Transport server with Event ID 1032 (Socket Access Denied. Binding: 0.0.0.0:25.) or 1036 (Failed to open one or more bindings. The service will be stopped.) " +
    "when the IIS SMTP service has been installed on the server and is running. Remove the SMTP service.",
  sourceKind: "technet-topic",
  sourceFile: "004_0699abce81226719.txt",
  sourceTitle:
    "Troubleshooting the Microsoft Exchange Transport Service When It Fails to Start on an Exchange 2007 Hub Transport Server with Event ID 1032 or 1036",
  published: "Sunday 9 October 2011 (Collection: Exchange 2007 Mail Transport Query (2))",
  appliesTo: ["exchange-2007"],
  sections: [
    {
      kind: "sample-log",
      heading: "Event log errors",
      body: EVENT_1032 + "\n\n" + EVENT_1036,
    },
    {
      kind: "note",
      heading: "Before You Begin",
      body:
        "To perform this procedure, the account you use must be delegated the following:\n" +
        "• Membership in the local Administrators group\n\n" +
        "For more information about permissions, delegating roles, and the rights that are required to administer Exchange 2007, see Permission Considerations.",
    },
  ],
  symptoms: [
    {
      key: "exchange-transport-event-1032-socket-access-denied",
      description:
        "The Microsoft Exchange Transport service fails to start on a Microsoft Exchange Server 2007 Hub Transport server, and the following event log error is generated:\n" + EVENT_1032,
      location: "event-log",
      signatures: [
        { kind: "event-id", display: "1032", qualifier: "MSExchange TransportService", weight: 2 },
        { kind: "log-line", display: "Socket Access Denied. Binding: 0.0.0.0:25", weight: 2 },
        { kind: "log-line", display: "Socket Access Denied" },
      ],
    },
    {
      key: "exchange-transport-event-1036-bindings-failed",
      description:
        "The Microsoft Exchange Transport service fails to start on a Microsoft Exchange Server 2007 Hub Transport server, and the following event log error is generated:\n" + EVENT_1036,
      location: "event-log",
      signatures: [
        { kind: "event-id", display: "1036", qualifier: "MSExchange TransportService", weight: 2 },
        { kind: "log-line", display: "Failed to open one or more bindings. The service will be stopped.", weight: 2 },
      ],
    },
  ],
  causes: [
    {
      cause: "iis-smtp-service-holds-port-25",
      explanation:
        "This issue occurs when the Internet Information Services (IIS) Simple Mail Transfer Protocol (SMTP) service has been installed on the server and is running.",
    },
  ],
  resolutions: [
    {
      key: "exchange-remove-iis-smtp-service",
      kind: "resolution",
      title: "To remove the SMTP service",
      summary:
        "To resolve the problem, remove the SMTP service. Required: membership in the local Administrators group.",
      cause: "iis-smtp-service-holds-port-25",
      steps: [
        { text: "On the Exchange 2007 Hub Transport server, open Control Panel and click Add or Remove Programs.", artifacts: [] },
        { text: String.raw`Click Add\Remove Windows Components.`, artifacts: [] },
        { text: "Select Application Server, and then select Internet Information Services (IIS).", artifacts: [] },
        { text: "Clear the SMTP Service option.", artifacts: [] },
        { text: "Click OK to accept changes and close Control Panel.", artifacts: [] },
        { text: "Restart the Microsoft Exchange Transport service.", artifacts: [] },
      ],
      warnings: [],
    },
  ],
  warnings: [],
  references: [
    {
      kind: "article",
      identifier: "Permission Considerations",
      title: "Permission Considerations (permissions, delegating roles, and the rights that are required to administer Exchange 2007)",
    },
  ],
};
