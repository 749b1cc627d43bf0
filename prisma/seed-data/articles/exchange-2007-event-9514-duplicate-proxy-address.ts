import type { ArticleSeed } from "@/lib/kb/seed-schema";

// Source: 004_0699abce81226719.txt, topic 2 of the collection.

const EVENT_9514 = `Event Type: Warning
Event Source: MSExchangeIS
Event Category: General
Event ID: 9514
Computer: Exchange_Server_Name
Description: Two objects in the directory have the same proxy - dc=com/dc=domain/ou=OU_Name/cn=Object1 and dc=com/dc=domain/ou=OU_Name//cn=Object2`;

export const article: ArticleSeed = {
  slug: "exchange-2007-event-9514-duplicate-proxy-address",
  title: "Event Similar to Event ID 9514 May Be Logged in the Application Log",
  summary:
    "Exchange Server 2007 logs MSExchangeIS Event ID 9514 \"Two objects in the directory have the same proxy\" when two identical proxy addresses exist in the organization, and mail flow to those objects may be disrupted. " +
    "Use the ADSI Edit snap-in to change the proxy address of one of the objects specified in the event.",
  sourceKind: "technet-topic",
  sourceFile: "004_0699abce81226719.txt",
  sourceTitle: "Event Similar to Event ID 9514 May Be Logged in the Application Log",
  published: "Sunday 9 October 2011 (Collection: Exchange 2007 Mail Transport Query (2))",
  appliesTo: ["exchange-2007"],
  sections: [
    {
      kind: "sample-log",
      heading: "Event that may be logged in the Application log",
      body: EVENT_9514,
    },
    {
      kind: "note",
      heading: "Before You Begin",
      body:
        "To perform this procedure, the account you use must be delegated the following:\n" +
        "• Exchange Organization Administrator role and local Administrators group for the target server\n\n" +
        "ADSI Edit can be run from a client computer or server. The computer does not have to be a member of a domain, but the user must have the rights to view and edit the Active Directory directory service domain to which the user is connecting.",
    },
  ],
  symptoms: [
    {
      key: "exchange-event-9514-same-proxy",
      description:
        "An event that resembles the following event may be logged in the Application log on a computer that is running Microsoft Exchange Server 2007:\n" + EVENT_9514,
      location: "event-log",
      signatures: [
        { kind: "event-id", display: "9514", qualifier: "MSExchangeIS", weight: 2 },
        { kind: "log-line", display: "Two objects in the directory have the same proxy", weight: 2 },
      ],
    },
    {
      key: "exchange-9514-mail-flow-disrupted",
      description: "Mail flow to the objects that are specified in the event description may be disrupted.",
      location: "client",
      signatures: [],
    },
  ],
  causes: [
    {
      cause: "exchange-duplicate-proxy-addresses",
      explanation:
        "You may receive this warning if you have two identical proxy addresses in your organization. " +
        "This issue may occur if one or more objects are updated simultaneously from different management consoles that connect to different domain controllers.",
    },
  ],
  resolutions: [
    {
      key: "exchange-9514-adsi-edit-change-proxy",
      kind: "resolution",
      title: "To use ADSI Edit to change the proxy address of one of the objects specified in the event description",
      summary:
        "To resolve this issue, use ADSI Edit to change the proxy address of one of the objects specified in the event description. " +
        "Required: Exchange Organization Administrator role and local Administrators group for the target server.",
      cause: "exchange-duplicate-proxy-addresses",
      steps: [
        { text: "Install ADSI Edit.", artifacts: [] },
        {
          text: "Launch ADSI Edit. Click Start, click Run, type adsiedit.msc in the text box, and then click OK.",
          artifacts: [{ language: "text", title: "Run", content: "adsiedit.msc" }],
        },
        {
          text:
            "Expand Domain, expand DC=Domain_Name,DC=Domain, and then expand the organizational unit (OU) container that contains the user object that is specified in the event description.",
          artifacts: [],
        },
        { text: "Right-click the user object, and then click Properties.", artifacts: [] },
        { text: "On the Attribute Editor tab, click proxyAddress in the Attributes list, and then click Edit.", artifacts: [] },
        {
          text: "In the Value to add box, type a unique Simple Mail Transfer Protocol (SMTP) address for the user object, click Add, and then click OK.",
          artifacts: [],
        },
        { text: "Click OK, and then close ADSI Edit.", artifacts: [] },
      ],
      warnings: [
        {
          level: "important",
          risk: "directory-damage",
          text:
            "If you use ADSI Edit or any other Lightweight Directory Access Protocol (LDAP) version 3 client, and you incorrectly modify the attributes of Active Directory objects, serious problems may occur. " +
            "These problems may require you to reinstall Windows Server 2003, Microsoft Exchange 2007, or both Windows Server 2003 and Exchange 2007. " +
            "Microsoft cannot guarantee that problems that occur if you incorrectly modify Active Directory object attributes can be solved. Modify these attributes at your own risk.",
        },
      ],
    },
  ],
  warnings: [],
  references: [],
};
