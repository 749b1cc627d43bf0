import type { ArticleSeed } from "@/lib/kb/seed-schema";

// Source: 003_f4bad9c990572dbb.txt (practitioner's article by Stefaan Pouseele).

const FWSRV_PARAMETERS = String.raw`HKLM\System\CurrentControlSet\Services\FwSrv\Parameters`;
const TCPIP_PARAMETERS = String.raw`HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters`;

const CONNECT_LOOP = `echo off
:Start
netsh diag connect iphost FQDN 110
GOTO Start`;

export const article: ArticleSeed = {
  slug: "mystery-of-the-failing-pop3-access-with-isa-2000",
  title: "The Mystery of the failing POP3 Access with ISA 2000",
  summary:
    "Firewall clients behind ISA 2000 SP2 frequently failed to reach a POP3 server in the DMZ with WSAETIMEDOUT 10060: the ISA External interface very rapidly reused source ports whose socket endpoint on the POP3 server was still in the TIME_WAIT state. " +
    "Setting MinTickBeforePortReuse to 240000 (4 minutes) under HKLM\\System\\CurrentControlSet\\Services\\FwSrv\\Parameters solved it; MaxTimeInFreePool = 0 did not.",
  sourceKind: "practitioner",
  sourceFile: "003_f4bad9c990572dbb.txt",
  sourceTitle: "The Mystery of the failing POP3 Access with ISA 2000",
  author: "Stefaan Pouseele",
  published: "May 2005",
  lastReviewed: "16/05/2005",
  appliesTo: ["isa-server-2000-sp2"],
  sections: [
    {
      kind: "background",
      heading: "1. Summary",
      body:
        "Recently I investigated what seems to be at first sight a simple POP3 access problem. Users were complaining that their access to an external POP3 server was frequently failing. " +
        "After gathering some more information it becomes clear I stumbled on a very weird access problem that needs some thorough analyses. " +
        "Moreover, it turns out that this access problem was not specific POP3 related but was in fact a potential problem for any TCP based access handled by the Firewall client.",
    },
    {
      kind: "scenario",
      heading: "2. Scenario",
      body:
        "The network setup is a common back-to-back firewall configuration with a Checkpoint as outer and an ISA 2000 as inner firewall. The segment between both firewalls is used as DMZ where a POP3 server is located. " +
        "This POP3 server is accessed by internal and external clients. The internal clients are all configured as Web Proxy and Firewall clients because all outbound access must be authenticated. " +
        "The ISA server is fully patched and runs ISA 2000 SP2 on Windows 2000 SP4 with all latest critical updates. The POP3 server runs CommuniGate Pro on Windows 2003. (The article's figure of this scenario is not in the capture.)\n\n" +
        "About a 200 internal mail clients access every 5 minutes the POP3 server in the DMZ. They use a mix of different versions of Outlook, Outlook Express and Eudora. Therefore we could exclude very rapidly any mail client problems. " +
        "The reported Windows Sockets Error Code was Connection timed out (WSAETIMEDOUT 10060). Also, the DMZ contains a number of other servers, mostly Web servers. No problems were reported in accessing those servers.",
    },
    {
      kind: "more-information",
      heading: "Answer from Microsoft PSS",
      body:
        "Now that we knew the exact cause of the problem we made a report for Microsoft PSS and started looking for a workaround. After a couple of days we got the following answer from Microsoft PSS:\n\n" +
        "The reason the firewall does not respond is because the external POP3 server does not respond to the Firewall's sync packet. " +
        "If a trace is taken leading up to this problem, you will find that the external port pair had been used only 2 minutes previously. So the port pair is sitting in a timed wait state on the POP3 server. " +
        "There are registry settings on the ISA server to slow the port reuse down.\n\n" +
        "The following registry keys control the port pool: " + FWSRV_PARAMETERS + "\n" +
        "• MinTickBeforePortReuse DWORD, default 1200, value is the number of millisecond before reuse. As you can see this is much less than usual TIME_WAIT.\n" +
        "• MaxSocketsInAllPools DWORD, default 6000, total number of sockets that may be kept in the pool.\n" +
        "• MaxTimeInFreePool DWORD, default 60000, value is the number of milliseconds that a socket can remain in the pool and not be reused. Sockets that remain in the pool longer are released.",
    },
    {
      kind: "more-information",
      heading: "More information on the registry key",
      body:
        "• MaxTimeInFreePool should be greater than MinTickBeforePortReuse. But if setting MaxSocketsInAllPools works for you, don't try to modify the other values.\n" +
        "• The optimization is required only in cases where there is a high rate of connections per second, and low volume of traffic. It was added for a specific benchmark scenario that tests the number of connections per second.\n" +
        "• For the optimization to work, the following must hold:\n" +
        "    Let R be the number of connections per second\n" +
        "    MinTickBeforePortReuse / 1000 * R <= MaxSocketsInAllPools\n" +
        "    If the number of sockets is smaller – there is possibility that none of the sockets in the pool has aged enough and new socket will be required.\n" +
        "    With high values of R, the number of sockets will be too high and will consume all the non-paged pool.",
    },
    {
      kind: "background",
      heading: "6. Conclusion",
      body:
        "The access problem was not specific POP3 related but was in fact a potential problem for any TCP based access handled by the Firewall client. " +
        "It just crop up the most with the POP3 access due to the nature of the polling mechanism implemented in the mail clients and the fact that they all connect to the same destination host. " +
        "In consultation with Tom Shinder, I think we might have solved the age-old POP3 issue which plagued ISA 2000 since it was in beta. " +
        "Questions: http://forums.isaserver.org/ultimatebb.cgi?ubb=get_topic;f=7;t=002017",
    },
  ],
  symptoms: [
    {
      key: "isa2000-pop3-access-frequently-failing",
      description:
        "Users were complaining that their access to an external POP3 server was frequently failing. The reported Windows Sockets Error Code was Connection timed out (WSAETIMEDOUT 10060). " +
        "No problems were reported in accessing the other servers (mostly Web servers) in the DMZ.",
      location: "client",
      signatures: [
        { kind: "winsock", display: "10060", qualifier: "WSAETIMEDOUT", weight: 2 },
        { kind: "keyword", display: "WSAETIMEDOUT", weight: 2 },
        { kind: "log-line", display: "Connection timed out (WSAETIMEDOUT 10060)" },
      ],
    },
    {
      key: "isa2000-connect-loop-failures",
      description:
        "A simple command file that loops netsh diag connect iphost FQDN 110 (a TCP connection to the POP3 server on port 110) very rapidly shows a number of connection failures.",
      location: "client",
      signatures: [{ kind: "keyword", display: "netsh diag connect iphost" }],
    },
    {
      key: "isa2000-syn-without-response-fast-port-reuse",
      description:
        "A Network Monitor trace on the POP3 server shows a number of connection requests from the ISA External interface with no responses at all from the POP3 server. " +
        "The source port numbers used by the ISA External interface don't follow the normal incremental pattern used by a normal Windows host, and ISA 2000 very rapidly reuse previous used source ports.",
      location: "network",
      signatures: [],
    },
    {
      key: "isa2000-pop3-server-time-wait",
      description:
        "Every time the connection failure occurs, the socket endpoint on the POP3 server for the source port the ISA server negotiated on its external interface (seen in netstat -an on the POP3 server) is still in the TIME_WAIT state, which means it could not yet be reused at that time.",
      location: "network",
      signatures: [{ kind: "keyword", display: "TIME_WAIT" }],
    },
  ],
  causes: [
    {
      cause: "isa-2000-fwsrv-port-reuse",
      explanation:
        "The fast reuse of source port numbers by the ISA External interface was the cause of the POP3 connection failures: the failing POP3 connections are those for which the socket endpoint was still in the TIME_WAIT state on the POP3 server. " +
        "With the Firewall client disabled (SecureNAT client only) no single failure was reported and the source ports followed the normal incremental pattern. " +
        "It is a potential problem for any TCP based access handled by the Firewall client; it just crop up the most with the POP3 access due to the nature of the polling mechanism implemented in the mail clients and the fact that they all connect to the same destination host. " +
        "Microsoft PSS: the external POP3 server does not respond to the Firewall's sync packet because the external port pair had been used only 2 minutes previously and is sitting in a timed wait state on the POP3 server.",
    },
  ],
  resolutions: [
    {
      key: "isa2000-reproduce-with-connect-loop",
      kind: "diagnostic",
      title: "Reproduce the failures with a netsh diag connect loop",
      summary:
        "On a Windows XP SP2 host with local administrative rights, close all running programs and run a simple command file that establishes a TCP connection to the POP3 server on port 110 over and over.",
      cause: "isa-2000-fwsrv-port-reuse",
      outcome: "Very rapidly we saw a number of connection failures and this proves that the mail clients are indeed not the culprits.",
      steps: [
        {
          text:
            "Make sure you have a Windows XP SP2 host at your disposal with local administrative rights. Close all running programs and run the following simple command file. " +
            "It establishes a TCP connection to the POP3 server on port 110; when the connection succeeds, the connection is closed normally. The success or failure of the connection is reported in the command window.",
          artifacts: [{ language: "batch", title: "Command file (--- Begin --- to --- End ---)", content: CONNECT_LOOP }],
        },
      ],
      warnings: [],
    },
    {
      key: "isa2000-trace-port-reuse",
      kind: "diagnostic",
      title: "Trace the connection failures to TIME_WAIT on the POP3 server",
      summary:
        "Capture a Network Monitor trace on the POP3 server while the command file runs, then correlate the source port negotiated on the Firewall Client Control Channel with netstat output on the POP3 server.",
      cause: "isa-2000-fwsrv-port-reuse",
      outcome:
        "Every time we got the connection failure, the socket endpoint on the POP3 server was still in the TIME_WAIT state. This proves positively that the fast reuse of source port numbers by the ISA External interface was indeed the cause of the POP3 connection failures.",
      steps: [
        {
          text:
            "Start a Network Monitor trace on the POP3 server itself with the parameters Buffer Size = 8 MByte, Frame Size = 128 Bytes and Capture Filter = from ISA External interface to POP3 server. " +
            "Start the command file again and let the Network Monitor trace run for about a 15 minutes.",
          artifacts: [
            {
              language: "text",
              title: "Network Monitor parameters",
              content: "Buffer Size = 8 MByte\nFrame Size = 128 Bytes\nCapture Filter = from ISA External interface to POP3 server",
            },
          ],
        },
        {
          text:
            "Analyze the trace: look for connection requests from the ISA External interface with no responses at all from the POP3 server, and for source port numbers that don't follow the normal incremental pattern used by a normal Windows host (rapid reuse of previous used source ports).",
          artifacts: [],
        },
        {
          text:
            "Install Ethereal and Jim's WinsockTool on the client. Start Ethereal to analyze the Firewall Client Control Channel and use the WinsockTool to manually make connections to the POP3 server.",
          artifacts: [],
        },
        {
          text:
            "When the connection request timed out, execute on the POP3 server the following command to get a listing of all the connection entries from the ISA External interface, and then stop the Ethereal capture.",
          artifacts: [
            {
              language: "batch",
              title: "List the POP3 server's connection entries from the ISA External interface",
              content: 'netstat -an | find "IP-Address:"',
              note: "The article prints this command with typographic quotes (“IP-Address:”), which cmd.exe does not accept; they are straight quotes here. IP-Address stands for the ISA External interface address.",
            },
          ],
        },
        {
          text:
            "From the Firewall Control Channel, determine which source port the ISA server negotiated on its external interface for that connection, and look up that source port number in the result of the netstat command on the POP3 server. " +
            "A socket endpoint still in the TIME_WAIT state could not yet be reused at that time.",
          artifacts: [],
        },
        {
          text:
            "To further narrow down the problem, disable the Firewall client, make sure the client is also configured as a SecureNAT client and adapt the Firewall Policy accordingly; then trace on the POP3 server and rerun the command file. " +
            "In the article, this time no single failure was reported and the source port numbers followed the normal incremental pattern.",
          artifacts: [],
        },
      ],
      warnings: [],
    },
    {
      key: "isa2000-workaround-tcptimedwaitdelay",
      kind: "workaround",
      title: "Workaround 1: lower TcpTimedWaitDelay on the POP3 server to 30 seconds",
      summary:
        "We changed on the POP3 server the registry key TcpTimedWaitDelay (HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters) to the minimum value of 30 seconds.",
      cause: "isa-2000-fwsrv-port-reuse",
      outcome:
        "Although this seems to mitigate the problem, it didn't solve the problem completely. Moreover we don't consider this a good solution because you don't have in all scenario's administrative access to and control over the POP3 server.",
      steps: [
        {
          text: "On the POP3 server, change the registry key TcpTimedWaitDelay to the minimum value of 30 seconds.",
          artifacts: [
            {
              language: "registry",
              title: "TcpTimedWaitDelay on the POP3 server",
              content: "TcpTimedWaitDelay (" + TCPIP_PARAMETERS + ") to the minimum value of 30 seconds",
              note: "The article does not state the value type.",
            },
          ],
        },
      ],
      warnings: [],
    },
    {
      key: "isa2000-workaround-locallat-txt",
      kind: "workaround",
      title: "Workaround 2: custom client LAT file Locallat.txt",
      summary:
        "Distribute in some way a custom client LAT file named Locallat.txt and place it into the Microsoft Firewall Client folder on the client computer. " +
        "The custom client LAT file should contain the IP address of the POP3 server so that any TCP request to that destination would not be handled by the Firewall client.",
      cause: "isa-2000-fwsrv-port-reuse",
      outcome:
        "Not implemented: distributing a custom client LAT file was too cumbersome as a temporary solution.",
      steps: [
        {
          text:
            "Create a custom client LAT file named Locallat.txt that contains the IP address of the POP3 server, and place it into the Microsoft Firewall Client folder on the client computer.",
          artifacts: [],
        },
        {
          text:
            "All internal hosts should then be configured as SecureNAT client too, and in the Firewall policy anonymous access should be allowed to the POP3 server. " +
            "(All internal clients were already configured as a SecureNAT client because the internal network was in fact a routed internal network.)",
          artifacts: [],
        },
      ],
      warnings: [],
    },
    {
      key: "isa2000-workaround-disable-outlook-firewall-client",
      kind: "workaround",
      title: "Workaround 3: disable Outlook in the Firewall client configuration on the ISA server",
      summary:
        "Because all clients were already SecureNAT clients and the overwhelming majority of the mail clients were Outlook, disable Outlook in the Firewall client configuration on the ISA server itself.",
      cause: "isa-2000-fwsrv-port-reuse",
      outcome: "This was the workaround we implemented.",
      steps: [
        { text: "Go to the Firewall Client Properties in the ISA MMC and select the tab Application Settings.", artifacts: [] },
        {
          text: "Select the Application Outlook and change the key Disable to the value 1.",
          artifacts: [{ language: "text", title: "Application Settings entry", content: "select the Application Outlook and change the key Disable to the value 1" }],
        },
        {
          text:
            "After a manual refresh of the Firewall client or after maximum 6 hours (the default refresh period for the Firewall client), all clients will have the updated configuration.",
          artifacts: [],
        },
        { text: "Change the Firewall policy to allow anonymous access to the POP3 server.", artifacts: [] },
      ],
      warnings: [],
    },
    {
      key: "isa2000-fix1-maxtimeinfreepool-0",
      kind: "failed-attempt",
      title: "Fix #1: set MaxTimeInFreePool to 0",
      summary: "Fix #1: if MaxTimeInFreePool is set to 0, then MinTickBeforePortReuse is disabled.",
      cause: "isa-2000-fwsrv-port-reuse",
      outcome:
        "Did not solve the problem at all: after running the command file and a Network Monitor trace on the POP3 server, we still saw connection timeouts and still observed the unusal source port patterns.",
      steps: [
        { text: "Undo the implemented workaround.", artifacts: [] },
        {
          text: "Add the specific regkey MaxTimeInFreePool = 0.",
          artifacts: [
            {
              language: "registry",
              title: "MaxTimeInFreePool = 0",
              content: FWSRV_PARAMETERS + "\nMaxTimeInFreePool = 0",
              registry: {
                path: FWSRV_PARAMETERS,
                valueName: "MaxTimeInFreePool",
                valueType: "DWORD",
                value: "0",
                defaultValue: "60000",
              },
            },
          ],
        },
        { text: "Reboot the server.", artifacts: [] },
      ],
      warnings: [],
    },
    {
      key: "isa2000-fix2-mintickbeforeportreuse-240000",
      kind: "resolution",
      title: "Fix #2: set MinTickBeforePortReuse to 4 minutes (240000)",
      summary: "Fix #2: another way is to set MinTickBeforePortReuse to 4 minutes, which is 240000.",
      cause: "isa-2000-fwsrv-port-reuse",
      outcome:
        "Worked: no single failure was reported, and in the Network Monitor trace the source port numbers used by the ISA External interface followed the normal incremental pattern used by a normal Windows host, with no fast reuse of the source port numbers.",
      steps: [
        {
          text: "Delete the regkey MaxTimeInFreePool.",
          artifacts: [
            {
              language: "registry",
              title: "Delete MaxTimeInFreePool",
              content: FWSRV_PARAMETERS + "\ndelete MaxTimeInFreePool if it exists",
              registry: { path: FWSRV_PARAMETERS, valueName: "MaxTimeInFreePool", valueType: "DWORD", defaultValue: "60000" },
            },
          ],
        },
        {
          text: "Add MinTickBeforePortReuse = 240000.",
          artifacts: [
            {
              language: "registry",
              title: "MinTickBeforePortReuse = 240000",
              content: FWSRV_PARAMETERS + "\nMinTickBeforePortReuse = 240000",
              note: "4 minutes.",
              registry: {
                path: FWSRV_PARAMETERS,
                valueName: "MinTickBeforePortReuse",
                valueType: "DWORD",
                value: "240000",
                defaultValue: "1200",
              },
            },
          ],
        },
        { text: "Reboot the server.", artifacts: [] },
      ],
      warnings: [],
    },
    {
      key: "isa2000-resolution-that-worked",
      kind: "resolution",
      title: "Summary of the resolution that worked",
      summary:
        "Under HKLM\\System\\CurrentControlSet\\Services\\FwSrv\\Parameters: create or change MinTickBeforePortReuse DWORD and give it a value of 240000; delete MaxSocketsInAllPools if it exists; delete MaxTimeInFreePool if it exists.",
      cause: "isa-2000-fwsrv-port-reuse",
      outcome: "This is the resolution that worked for us.",
      steps: [
        {
          text: "Create or change MinTickBeforePortReuse DWORD and give it a value of 240000.",
          artifacts: [
            {
              language: "registry",
              title: "MinTickBeforePortReuse = 240000",
              content: FWSRV_PARAMETERS + "\ncreate or change MinTickBeforePortReuse DWORD and give it a value of 240000",
              registry: {
                path: FWSRV_PARAMETERS,
                valueName: "MinTickBeforePortReuse",
                valueType: "DWORD",
                value: "240000",
                defaultValue: "1200",
              },
            },
          ],
        },
        {
          text: "Delete MaxSocketsInAllPools if it exists.",
          artifacts: [
            {
              language: "registry",
              title: "Delete MaxSocketsInAllPools",
              content: FWSRV_PARAMETERS + "\ndelete MaxSocketsInAllPools if it exists",
              registry: { path: FWSRV_PARAMETERS, valueName: "MaxSocketsInAllPools", valueType: "DWORD", defaultValue: "6000" },
            },
          ],
        },
        {
          text: "Delete MaxTimeInFreePool if it exists.",
          artifacts: [
            {
              language: "registry",
              title: "Delete MaxTimeInFreePool",
              content: FWSRV_PARAMETERS + "\ndelete MaxTimeInFreePool if it exists",
              registry: { path: FWSRV_PARAMETERS, valueName: "MaxTimeInFreePool", valueType: "DWORD", defaultValue: "60000" },
            },
          ],
        },
      ],
      warnings: [
        {
          level: "note",
          risk: "other",
          text: "As a final note, according to the info we got, no other registry keys should be added unless you want to do benchmarking.",
        },
      ],
    },
  ],
  warnings: [],
  references: [
    {
      kind: "url",
      identifier: "http://forums.isaserver.org/ultimatebb.cgi?ubb=get_topic;f=7;t=002017",
      title: "Forum topic for questions about this article (post a message there; the author is informed)",
      url: "http://forums.isaserver.org/ultimatebb.cgi?ubb=get_topic;f=7;t=002017",
    },
  ],
};
