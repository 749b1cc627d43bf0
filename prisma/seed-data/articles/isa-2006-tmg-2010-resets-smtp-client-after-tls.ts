import type { ArticleSeed } from "@/lib/kb/seed-schema";

// Source: 000_837fe31adc3d0172.txt. The capture has no title line and no article number;
// the title below describes the article's Symptoms section.

/** The script from step 2, with the line breaks the capture collapsed restored (tokens unchanged). */
const GRACEFUL_PASSTHROUGH_SCRIPT = `Const SE_VPS_GUID = "{143F5698-103B-12D4-FF34-1F34767DEabc}"
Const SE_VPS_NAME = "GracefulPassthroughServerShutdown"
Const SE_VPS_VALUE = true
Sub SetValue()
    ' Create the root obect.
    Dim root  ' The FPCLib.FPC root object
    Set root = CreateObject("FPC.Root")
    'Declare the other objects needed.
    Dim array       ' An FPCArray object
    Dim VendorSets  ' An FPCVendorParametersSets collection
    Dim VendorSet   ' An FPCVendorParametersSet object
    ' Get references to the array object
    ' and the network rules collection.
    Set array = root.GetContainingArray
    Set VendorSets = array.VendorParametersSets
    On Error Resume Next
    Set VendorSet = VendorSets.Item( SE_VPS_GUID )
    If Err.Number <> 0 Then
        Err.Clear
        ' Add the item
        Set VendorSet = VendorSets.Add( SE_VPS_GUID )
        CheckError
        WScript.Echo "New VendorSet added... " & VendorSet.Name
    Else
        WScript.Echo "Existing VendorSet found... value- " &  VendorSet.Value(SE_VPS_NAME)
    End If
    if VendorSet.Value(SE_VPS_NAME) <> SE_VPS_VALUE Then
        Err.Clear
        VendorSet.Value(SE_VPS_NAME) = SE_VPS_VALUE
        If Err.Number <> 0 Then
            CheckError
        Else
            VendorSets.Save false, true
            CheckError
            If Err.Number = 0 Then
                WScript.Echo "Done with " & SE_VPS_NAME & ", saved!"
            End If
        End If
    Else
        WScript.Echo "Done with " & SE_VPS_NAME & ", no change!"
    End If
End Sub
Sub CheckError()
    If Err.Number <> 0 Then
        WScript.Echo "An error occurred: 0x" & Hex(Err.Number) & " " & Err.Description
        Err.Clear
    End If
End Sub
SetValue`;

export const article: ArticleSeed = {
  slug: "isa-2006-tmg-2010-resets-smtp-client-after-tls",
  title:
    "ISA Server 2006 or Forefront TMG 2010 resets the SMTP client connection after TLS, STARTTLS or X-AnonymousTLS when the SMTP server closes with a TCP FIN packet",
  summary:
    "With SMTP filtering enabled, ISA Server 2006 or Forefront TMG 2010 resets the connection to the SMTP client when the SMTP server closes its connection with a TCP FIN packet after the client used TLS, STARTTLS or X-AnonymousTLS; ISA logging shows 0x80074e24 FWX_E_CONNECTION_KILLED. " +
    "On ISA Server 2006, hotfix package 959357 plus a script that sets the vendor parameter GracefulPassthroughServerShutdown makes ISA Server return a TCP FIN packet to the client instead of a RESET packet; on Forefront TMG 2010 the article has the same script run with cscript from an elevated command prompt.",
  sourceKind: "microsoft-kb",
  sourceFile: "000_837fe31adc3d0172.txt",
  sourceTitle:
    "Microsoft support article (title not in the capture): ISA Server 2006 / Forefront TMG 2010 resets the SMTP client connection after TLS, STARTTLS or X-AnonymousTLS",
  status:
    'Microsoft has confirmed that this is a problem in the Microsoft products that are listed in the "Applies to" section.',
  appliesTo: ["isa-server-2006", "forefront-tmg-2010"],
  sections: [
    {
      kind: "scenario",
      heading: "Consider the following scenario",
      body:
        "• In Microsoft Internet Security and Acceleration (ISA) Server 2006 or Forefront TMG 2010, you enable SMTP filtering.\n" +
        "• An SMTP client communicates with an SMTP server through ISA Server 2006 or Forefront TMG 2010.\n" +
        "• The SMTP client uses one of the following verbs in its conversation with the SMTP server:\n" +
        "    • TLS\n" +
        "    • STARTTLS\n" +
        "    • X-AnonymousTLS",
    },
    {
      kind: "status",
      heading: "Status",
      body: 'Microsoft has confirmed that this is a problem in the Microsoft products that are listed in the "Applies to" section.',
    },
  ],
  symptoms: [
    {
      key: "isa-tmg-resets-smtp-client-after-tls",
      description:
        "In this scenario, ISA Server 2006 or Forefront TMG 2010 resets the connection to the SMTP client when the SMTP server closes its connection to ISA Server or Forefront TMG 2010 with a TCP FIN packet.",
      location: "network",
      signatures: [{ kind: "keyword", display: "X-AnonymousTLS" }],
    },
    {
      key: "isa-tmg-smtp-client-reports-delivery-failed",
      description:
        "This behavior can cause some specific SMTP client applications to report that message delivery failed even though messages are sent correctly.",
      location: "client",
      signatures: [],
    },
    {
      key: "isa-tmg-fwx-e-connection-killed",
      description: "In ISA logging, you see the following result code for this connection: 0x80074e24 FWX_E_CONNECTION_KILLED",
      location: "firewall-log",
      signatures: [
        { kind: "hresult", display: "0x80074e24", qualifier: "FWX_E_CONNECTION_KILLED", weight: 2 },
        { kind: "keyword", display: "FWX_E_CONNECTION_KILLED", weight: 2 },
        { kind: "log-line", display: "0x80074e24 FWX_E_CONNECTION_KILLED", weight: 2 },
      ],
    },
  ],
  causes: [
    {
      cause: "isa-tmg-smtp-filter-tls-reset",
      explanation:
        "By design, the connection to the SMTP client is reset when the SMTP server closes its connection to ISA Server or Forefront TMG 2010. " +
        "This is because ISA Server or Forefront TMG 2010 cannot inspect the SMTP traffic for the SMTP QUIT command when the traffic is encrypted. " +
        "However, this behavior can cause specific SMTP client applications to report errors.",
    },
  ],
  resolutions: [
    {
      key: "isa-tmg-graceful-passthrough-hotfix",
      kind: "hotfix",
      title: "ISA Server 2006: install hotfix 959357, then run the GracefulPassthroughServerShutdown script",
      summary:
        "A hotfix is now available to avoid incorrect error reports. This hotfix allows the default behavior to be changed so that ISA Server returns a TCP FIN packet to the SMTP client instead of a RESET packet when the SMTP server closes the TCP connection with a TCP FIN packet. " +
        "To change the default behavior after you install this hotfix, you have to run a script on the ISA Server computer.",
      cause: "isa-tmg-smtp-filter-tls-reset",
      steps: [
        {
          text: "Download and then install the hotfix package that is mentioned in the following Microsoft Knowledge Base article: 959357 Description of the ISA Server 2006 hotfix package: October 29, 2008.",
          artifacts: [],
        },
        {
          text: "Start Notepad, and then copy the following script into a Notepad file.",
          artifacts: [
            {
              language: "vbscript",
              title: "Set GracefulPassthroughServerShutdown to true",
              content: GRACEFUL_PASSTHROUGH_SCRIPT,
              note:
                'Sets the vendor parameter GracefulPassthroughServerShutdown in the vendor parameters set {143F5698-103B-12D4-FF34-1F34767DEabc}. The capture collapsed the script onto one line; line breaks are restored here, every token (including the comment typo "obect") is as published.',
            },
          ],
        },
        { text: "Save the file as a Microsoft Visual Basic script file by using the .vbs file name extension.", artifacts: [] },
        { text: "Double-click the .vbs file to run the script.", artifacts: [] },
      ],
      warnings: [],
    },
    {
      key: "tmg-graceful-passthrough-script",
      kind: "resolution",
      title: "Forefront TMG 2010: run the GracefulPassthroughServerShutdown script with cscript from an elevated command prompt",
      summary:
        "The article's note for Forefront TMG 2010 (in its step 1): copy the script from step 2 into a Notepad file and save it, open a command prompt with elevated privilege and run the script. The article names no hotfix package for Forefront TMG 2010.",
      cause: "isa-tmg-smtp-filter-tls-reset",
      steps: [
        {
          text: "Note: If you are running Forefront TMG 2010, copy the script from step 2 into a Notepad file and save it.",
          artifacts: [
            {
              language: "vbscript",
              title: "smtp.vbs: set GracefulPassthroughServerShutdown to true",
              content: GRACEFUL_PASSTHROUGH_SCRIPT,
              note: "The script of step 2 of the ISA Server 2006 procedure; the article's example saves it as smtp.vbs.",
            },
          ],
        },
        {
          text: "Open command prompt with elevated privilege and then run the script (ie: cscript smtp.vbs).",
          artifacts: [{ language: "batch", title: "Run the saved script from an elevated command prompt", content: "cscript smtp.vbs" }],
        },
      ],
      warnings: [],
    },
    {
      key: "isa-tmg-graceful-passthrough-revert",
      kind: "procedure",
      title: "Revert to the default behavior (reset the SMTP client)",
      summary:
        "If you want to revert to the default behavior, change the Const SE_VPS_VALUE line of the script from true to false, and then rerun the script on the ISA Server or Forefront TMG computer.",
      cause: "isa-tmg-smtp-filter-tls-reset",
      steps: [
        {
          text: "Change the following line of the script: Const SE_VPS_VALUE = true",
          artifacts: [{ language: "vbscript", title: "Line to change", content: "Const SE_VPS_VALUE = true" }],
        },
        {
          text: "Change this line to the following: Const SE_VPS_VALUE = false",
          artifacts: [{ language: "vbscript", title: "Changed line", content: "Const SE_VPS_VALUE = false" }],
        },
        { text: "Then, rerun the script on the ISA Server or Forefront TMG computer.", artifacts: [] },
      ],
      warnings: [],
    },
  ],
  warnings: [],
  references: [
    {
      kind: "kb",
      identifier: "959357",
      title: "Description of the ISA Server 2006 hotfix package: October 29, 2008",
    },
    {
      kind: "kb",
      identifier: "824684",
      title: "Description of the standard terminology that is used to describe Microsoft software updates",
    },
  ],
};
