/** Display names for the knowledge model's enumerations. */

export const LOCATION_LABEL: Record<string, string> = {
  client: "Seen on the mail client",
  "server-log": "In a server or protocol log",
  ndr: "In a non-delivery report (NDR)",
  "event-log": "In the Windows event log",
  "queue-viewer": "In the Exchange Queue Viewer",
  "firewall-log": "In the firewall log",
  telnet: "In a telnet session to the mail port",
  network: "On the network (connections, time-outs)",
  application: "In the mail application's behaviour",
};

export const RESOLUTION_KIND_LABEL: Record<string, string> = {
  resolution: "Resolution",
  workaround: "Workaround",
  hotfix: "Hotfix",
  procedure: "Procedure",
  diagnostic: "How to test",
  "failed-attempt": "Tried: did not solve the problem",
};

export const LANGUAGE_LABEL: Record<string, string> = {
  vbscript: "VBScript",
  registry: "Registry value",
  "device-cli": "Cisco PIX CLI",
  powershell: "Exchange Management Shell",
  netsh: "netsh",
  batch: "Command file",
  shell: "Command prompt",
  text: "Text",
  log: "Log",
};

export const REFERENCE_KIND_LABEL: Record<string, string> = {
  kb: "Microsoft Knowledge Base",
  "cisco-bug": "Cisco bug",
  rfc: "RFC",
  url: "Web",
  article: "Article",
};

/** What kind of document an article is transcribed from. */
export const SOURCE_KIND_LABEL: Record<string, string> = {
  "microsoft-kb": "Microsoft Knowledge Base article",
  "technet-topic": "Exchange 2007 documentation topic",
  practitioner: "Practitioner's article",
};
