import type { ArticleSeed } from "@/lib/kb/seed-schema";

// Source: 004_0699abce81226719.txt, topic 4 of the collection.

const NDR_LINE = "ftr-van-exfe.domain.com #550 5.7.1 External client does not have permissions to submit to this server ##";

export const article: ArticleSeed = {
  slug: "edge-inbound-550-5-7-1-ndr-ip-block-list",
  title: "Incoming Messages to Edge Server Fail with 550 5.7.1 NDR",
  summary:
    "Inbound messages from external domains to an Exchange Server 2007 Edge Transport server are rejected with 550 5.7.1 External client does not have permissions to submit to this server, " +
    "because the Edge Transport server blocks the IP address of the internal firewall or of a Hub Transport server. Add the address to the internal SMTP servers list, force EdgeSync, and remove the IP block list entry.",
  sourceKind: "technet-topic",
  sourceFile: "004_0699abce81226719.txt",
  sourceTitle: "Incoming Messages to Edge Server Fail with 550 5.7.1 NDR",
  published: "Sunday 9 October 2011 (Collection: Exchange 2007 Mail Transport Query (2))",
  appliesTo: ["exchange-2007"],
  sections: [
    {
      kind: "note",
      heading: "Before You Begin",
      body:
        "To perform this procedure, the account you use must be delegated the following:\n" +
        "• Membership in the local Administrators group\n" +
        "• Exchange Organization Administrator role\n\n" +
        "For more information about permissions, delegating roles, and the rights that are required to administer Exchange 2007, see Permission Considerations.",
    },
  ],
  symptoms: [
    {
      key: "edge-inbound-550-5-7-1-external-client",
      description:
        "Inbound messages are not delivered from external domains to a server that is running Microsoft Exchange Server 2007 with the Edge Transport server role installed. " +
        "Inbound e-mail messages are rejected with a non-delivery report (NDR) similar to the following being returned to the sender:\n" +
        "postmaster@domain.com\n" +
        NDR_LINE,
      location: "ndr",
      signatures: [
        { kind: "smtp-reply", display: "550" },
        { kind: "enhanced-status", display: "5.7.1" },
        { kind: "log-line", display: "External client does not have permissions to submit to this server", weight: 2 },
        { kind: "log-line", display: NDR_LINE },
      ],
    },
  ],
  causes: [
    {
      cause: "edge-ip-block-list-internal-hosts",
      explanation:
        "This issue commonly occurs when the Edge Transport server role is deployed in a perimeter network configuration and the Internet Protocol (IP) address of the internal firewall is blocked by the Edge Transport server. " +
        "This issue can also occur in a non-perimeter network scenario if one or more Hub Transport server IP addresses are blocked by the Edge Transport server. " +
        "You can confirm that this situation is occurring by running the Get-IPBlockListEntry cmdlet on the Edge Transport server and then examining the output for the IP address of the internal SMTP server or the internal firewall's IP address.",
    },
  ],
  resolutions: [
    {
      key: "edge-550-modify-internal-smtp-servers-and-unblock",
      kind: "resolution",
      title: "To use the Exchange Management Shell to identify blocked IP addresses and modify the internal SMTP servers list on an Edge server",
      summary:
        "You can resolve this issue by modifying the internal SMTP servers list and then removing the blocked IP from the IP block entry list. " +
        "Required: membership in the local Administrators group and the Exchange Organization Administrator role.",
      cause: "edge-ip-block-list-internal-hosts",
      steps: [
        { text: "Start the Exchange Management Shell.", artifacts: [] },
        {
          text:
            "Run the Get-IPBlockListEntry cmdlet and then locate the IP address of the internal SMTP server or internal firewall's IP address that is being blocked. Note the line number of the blocked IP.",
          artifacts: [{ language: "powershell", title: "List IP block list entries", content: "Get-IPBlockListEntry" }],
        },
        {
          text: "Run the Set-TransportConfig cmdlet as follows:",
          artifacts: [
            {
              language: "powershell",
              title: "Add the Hub Transport server to the internal SMTP servers list",
              content: "set-TransportConfig -InternalSMTPServers <IP address of Hub Transport server to be added>",
            },
          ],
        },
        {
          text: "Run the Start-EdgeSynchronization cmdlet to force replication.",
          artifacts: [{ language: "powershell", title: "Force replication", content: "Start-EdgeSynchronization" }],
        },
        {
          text: "Confirm that the Hub Transport server IP address you added has been replicated by running the Get-TransportConfig cmdlet.",
          artifacts: [{ language: "powershell", title: "Confirm replication", content: "Get-TransportConfig" }],
        },
        { text: "Inspect the Get-TransportConfig output and confirm that the IP address you added in step 3 is shown.", artifacts: [] },
        {
          text: "Run the Remove-IPBlockListEntry cmdlet as follows:",
          artifacts: [
            {
              language: "powershell",
              title: "Remove the blocked IP address",
              content: "Remove-IPblockListEntry -Identity <line #>",
              note: "Replace <line #> with the line number that you noted in step 2 identifying the blocked IP address when Get-IPBlockListEntry was run.",
            },
          ],
        },
        { text: "Send a test message to confirm that message traffic is flowing correctly.", artifacts: [] },
      ],
      warnings: [
        {
          level: "note",
          risk: "other",
          text: "Replace <line #> with the line number that you noted in step 2 identifying the blocked IP address when Get-IPBlockListEntry was run.",
        },
      ],
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
