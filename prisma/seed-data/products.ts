import type { ProductSeed } from "@/lib/kb/seed-schema";

/**
 * Vendors, products and versions the knowledge-base articles apply to, named as the
 * source documents name them.
 */
export const products: ProductSeed[] = [
  {
    slug: "isa-server",
    vendor: "Microsoft",
    name: "Internet Security and Acceleration (ISA) Server",
    versions: [
      // 003: "runs ISA 2000 SP2 on Windows 2000 SP4 with all latest critical updates"
      { slug: "isa-server-2000-sp2", name: "2000 SP2", label: "ISA Server 2000 SP2" },
      // 000: "Microsoft Internet Security and Acceleration (ISA) Server 2006"
      { slug: "isa-server-2006", name: "2006", label: "ISA Server 2006" },
    ],
  },
  {
    slug: "forefront-tmg",
    vendor: "Microsoft",
    name: "Forefront TMG",
    versions: [{ slug: "forefront-tmg-2010", name: "2010", label: "Forefront TMG 2010" }],
  },
  {
    slug: "exchange-server",
    vendor: "Microsoft",
    name: "Exchange Server",
    versions: [
      // 001 "The information in this article applies to"
      { slug: "exchange-5-5", name: "5.5", label: "Microsoft Exchange Server 5.5" },
      { slug: "exchange-2000", name: "2000", label: "Microsoft Exchange 2000 Server" },
      // 002 "APPLIES TO"
      {
        slug: "exchange-5-5-standard",
        name: "5.5 Standard Edition",
        label: "Microsoft Exchange Server 5.5 Standard Edition",
      },
      {
        slug: "exchange-2000-standard",
        name: "2000 Standard Edition",
        label: "Microsoft Exchange 2000 Server Standard Edition",
      },
      {
        slug: "exchange-2003-enterprise",
        name: "2003 Enterprise Edition",
        label: "Microsoft Exchange Server 2003 Enterprise Edition",
      },
      {
        slug: "exchange-2003-standard",
        name: "2003 Standard Edition",
        label: "Microsoft Exchange Server 2003 Standard Edition",
      },
      // 004 topics
      { slug: "exchange-2007", name: "2007", label: "Microsoft Exchange Server 2007" },
    ],
  },
  {
    slug: "cisco-pix-firewall",
    vendor: "Cisco",
    name: "PIX Firewall software",
    versions: [
      {
        slug: "cisco-pix-4-0-4-1",
        name: "4.0-4.1",
        label: "Cisco PIX Software 4.0 and 4.1 (Mailguard configured with the mailhost command)",
      },
      {
        slug: "cisco-pix-4-2-and-later",
        name: "4.2 and later",
        label: "Cisco PIX Software 4.2 and later (Mailguard configured with fixup protocol smtp 25)",
      },
      {
        slug: "cisco-pix-4-4",
        name: "4.4",
        label: "Cisco PIX 4.4 (all characters in the SMTP banner converted to asterisks)",
      },
      {
        slug: "cisco-pix-5-1-and-later",
        name: "5.1 and later",
        label: "Cisco PIX firmware 5.1 and later (SMTP banner changed to asterisks except the 2 and 0 characters)",
      },
      {
        slug: "cisco-pix-6-x-or-earlier",
        name: "6.x or earlier",
        label: "Cisco PIX Firewall 6.x or earlier (traditional SMTP inspection)",
      },
    ],
  },
];
