import type { ArticleSeed } from "@/lib/kb/seed-schema";

// Source: 004_0699abce81226719.txt, topic 3 of the collection.

const QUEUE_FOLDER = String.raw`C:\Program Files\Microsoft\Exchange Server\TransportRoles\data\Queue`;
const REPLAY_FOLDER = String.raw`C:\Program Files\Microsoft\Exchange Server\TransportRoles\Replay`;

export const article: ArticleSeed = {
  slug: "export-messages-from-queue-to-replay-exchange-2007",
  title: "How to Export E-Mail Messages from a Queue to Replay Them Later in Exchange 2007",
  summary:
    "When an Exchange 2007 server configured as an open relay has been used to send spam and its queues are full, use the Exchange Management Shell to suspend and export the legitimate messages (filtered by your domains), " +
    "rename the Queue folder so that the Microsoft Exchange Transport service creates a new one, and later copy the exported messages into the Replay folder.",
  sourceKind: "technet-topic",
  sourceFile: "004_0699abce81226719.txt",
  sourceTitle: "How to Export E-Mail Messages from a Queue to Replay Them Later in Exchange 2007",
  published: "Sunday 9 October 2011 (Collection: Exchange 2007 Mail Transport Query (2))",
  appliesTo: ["exchange-2007"],
  sections: [
    {
      kind: "scenario",
      heading: "Scenario",
      body:
        "You may experience a situation in which an Exchange server that is configured as an open relay has been used to send unsolicited commercial e-mail (UCE), also known as spam, to the Internet. " +
        "In this scenario, you may have to deal with the following issues:\n" +
        "• You have a message queue that is filled with legitimate e-mail messages together with hundreds, thousands, or even hundreds of thousands of spam messages.\n" +
        "• You cannot continue typical operations because the server will forward the spam messages to the Internet.\n" +
        "• You must clear the message queues so that you can restore e-mail functionality to your organization as quickly as possible.\n" +
        "• You must retain the e-mail messages from the queues so that you can later replay legitimate e-mail messages back into your messaging environment.",
    },
    {
      kind: "note",
      heading: "Before You Begin",
      body:
        "To perform the following procedures, the account you use must be delegated the following:\n" +
        "• Exchange Server Administrator role and local Administrators group for the server",
    },
  ],
  symptoms: [
    {
      key: "exchange-queue-filled-with-spam",
      description:
        "You have a message queue that is filled with legitimate e-mail messages together with hundreds, thousands, or even hundreds of thousands of spam messages.",
      location: "queue-viewer",
      signatures: [{ kind: "keyword", display: "open relay" }],
    },
    {
      key: "exchange-server-forwards-spam-to-internet",
      description: "You cannot continue typical operations because the server will forward the spam messages to the Internet.",
      location: "queue-viewer",
      signatures: [{ kind: "keyword", display: "unsolicited commercial e-mail (UCE)" }],
    },
  ],
  causes: [
    {
      cause: "exchange-open-relay-spam-queue",
      explanation:
        "An Exchange server that is configured as an open relay has been used to send unsolicited commercial e-mail (UCE), also known as spam, to the Internet.",
    },
  ],
  resolutions: [
    {
      key: "exchange-export-queue-general-steps",
      kind: "procedure",
      title: "To export e-mail messages from the Exchange 2007 queues (general steps)",
      summary:
        "To export e-mail messages from the Exchange 2007 queues, follow these general steps. (Each of these general steps is described in more detail later in this topic.)",
      cause: "exchange-open-relay-spam-queue",
      steps: [
        { text: "Pause the Microsoft Exchange Transport service.", artifacts: [] },
        {
          text: "Suspend, and then export legitimate e-mail messages. To do this, use the following command:",
          artifacts: [
            {
              language: "powershell",
              title: "Suspend and export",
              content: "Get-Message <filter> | Suspend-Message | Export-Message -path <path>",
            },
          ],
        },
        { text: "Stop the Microsoft Exchange Transport service.", artifacts: [] },
        { text: "Rename the Queue folder.", artifacts: [] },
        { text: "Start the Microsoft Exchange Transport service.", artifacts: [] },
        { text: "Copy the exported messages into the Replay folder.", artifacts: [] },
      ],
      warnings: [
        {
          level: "note",
          risk: "other",
          text:
            "You can export messages from the Exchange queues for later playback into Exchange. However, you cannot export messages from the Submission queue. " +
            "To work around this issue, you can pause the Microsoft Exchange Transport service. This action allows the Submission queue to empty. " +
            "However, depending on how many messages are queued, emptying the Submission queue could take a long time.",
        },
        {
          level: "note",
          risk: "other",
          text:
            "The procedure to extract legitimate e-mail messages from the message queue assumes that most of the spam messages are not addressed to recipients in your organization or are not from recipients in your organization. " +
            "Therefore, the filters that are used to extract the messages are based on the domain or domains that your organization hosts. " +
            "If spam messages are directed to or from your domains, you will export some spam messages together with legitimate e-mail messages.",
        },
      ],
    },
    {
      key: "exchange-pause-transport-service",
      kind: "procedure",
      title: "To pause the Microsoft Exchange Transport service",
      summary: "Pause the Microsoft Exchange Transport service and allow the Submission queue to empty.",
      cause: "exchange-open-relay-spam-queue",
      steps: [
        {
          text: "Click Start, click Run, type services.msc, and then click OK.",
          artifacts: [{ language: "text", title: "Run", content: "services.msc" }],
        },
        { text: "In the Services MMC snap-in, click Microsoft Exchange Transport, and then click Pause.", artifacts: [] },
        { text: "Start the Exchange Management Console, and then click Toolbox.", artifacts: [] },
        { text: "Under Mail Flow Tools, double-click Queue Viewer.", artifacts: [] },
        {
          text: "Click the Queues tab, and then note the value that appears in the Message Count column for the Submission queue.",
          artifacts: [],
        },
        { text: "Allow sufficient time for the message count to reach zero (0).", artifacts: [] },
      ],
      warnings: [],
    },
    {
      key: "exchange-suspend-and-export-legitimate-messages",
      kind: "procedure",
      title: "To suspend and then export legitimate e-mail messages",
      summary:
        "Create a destination folder, then use the Exchange Management Shell to suspend and export the messages that have your domain in the From field and in the To field, for each domain for which your organization handles e-mail.",
      cause: "exchange-open-relay-spam-queue",
      steps: [
        {
          text:
            "Use Windows Explorer to create a destination folder for the exported e-mail messages. This folder must be created before you can export the messages successfully. " +
            "The folder may be on a local hard disk drive or on a shared network drive.",
          artifacts: [],
        },
        { text: "Start the Exchange Management Shell.", artifacts: [] },
        {
          text:
            "At the shell prompt, export messages that have your domain specified in the From field. To do this, run the following command. " +
            String.raw`In this command, replace contoso.com with the appropriate domain and replace <path> with the path to which you want to export the messages, such as c:\export.`,
          artifacts: [
            {
              language: "powershell",
              title: "Export messages from your domain (From field)",
              content: 'Get-Message | where{$_.FromAddress -like "*@contoso.com"} | Suspend-Message | Export-Message -path <path>',
            },
          ],
        },
        {
          text: "At the shell prompt, export messages that have your domain specified in the To field. To do this, run the following command:",
          artifacts: [
            {
              language: "powershell",
              title: "Export messages to your domain (To field)",
              content:
                'Get-Message -IncludeRecipientInfo | where{$_.Recipients -like "*@contoso.com"} | Suspend-Message | Export-Message -path <path>',
            },
          ],
        },
        { text: "Follow steps 2 through 3 for each domain for which your organization handles e-mail.", artifacts: [] },
      ],
      warnings: [],
    },
    {
      key: "exchange-stop-transport-service",
      kind: "procedure",
      title: "To stop the Microsoft Exchange Transport service",
      summary: "Stop the Microsoft Exchange Transport service in the Services MMC snap-in.",
      cause: "exchange-open-relay-spam-queue",
      steps: [
        {
          text: "Click Start, click Run, type services.msc, and then click OK.",
          artifacts: [{ language: "text", title: "Run", content: "services.msc" }],
        },
        { text: "In the Services MMC snap-in, click Microsoft Exchange Transport, and then click Stop.", artifacts: [] },
      ],
      warnings: [],
    },
    {
      key: "exchange-rename-queue-folder",
      kind: "procedure",
      title: "To rename the Queue folder",
      summary:
        "Rename the Queue folder (for example, to spam-Queue) and start the Microsoft Exchange Transport service, which automatically creates a new Queue folder.",
      cause: "exchange-open-relay-spam-queue",
      outcome: "Mail flow should now be successfully restored in the organization.",
      steps: [
        {
          text: "Start Windows Explorer, and then locate the Queue folder. By default, this folder has the following path: " + QUEUE_FOLDER,
          artifacts: [{ language: "text", title: "Default Queue folder", content: QUEUE_FOLDER }],
        },
        {
          text: "Right-click Queue, and then click Rename. Use a descriptive name, such as spam-Queue, to rename the folder.",
          artifacts: [],
        },
        {
          text:
            "Start the Microsoft Exchange Transport service. The Microsoft Exchange Transport service automatically creates a new Queue folder together with the following files: " +
            "mail.que, tmp.edb, trn.chk, trn, trnres00001.jrs, trnres00002.jrs, trntmp",
          artifacts: [
            {
              language: "text",
              title: "Files created in the new Queue folder",
              content: "mail.que\ntmp.edb\ntrn.chk\ntrn\ntrnres00001.jrs\ntrnres00002.jrs\ntrntmp",
            },
          ],
        },
      ],
      warnings: [],
    },
    {
      key: "exchange-replay-exported-messages",
      kind: "procedure",
      title: "To replay the exported messages",
      summary: "Copy the messages that you exported earlier to the Replay folder.",
      cause: "exchange-open-relay-spam-queue",
      steps: [
        {
          text: "Use Windows Explorer to locate the Replay folder. By default, this folder has the following path: " + REPLAY_FOLDER,
          artifacts: [{ language: "text", title: "Default Replay folder", content: REPLAY_FOLDER }],
        },
        { text: "Copy the messages that you exported earlier to the Replay folder.", artifacts: [] },
      ],
      warnings: [],
    },
  ],
  warnings: [],
  references: [],
};
