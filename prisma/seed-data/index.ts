import type { z } from "zod";
import type { kbSeed } from "@/lib/kb/seed-schema";

import { products } from "./products";
import { causes } from "./causes";
import { checks } from "./checks";
import { wizard } from "./wizard";

import { article as isaTmgResetsSmtpClientAfterTls } from "./articles/isa-2006-tmg-2010-resets-smtp-client-after-tls";
import { article as xconReceivingDuplicateInboundSmtpMessages } from "./articles/xcon-receiving-duplicate-inbound-smtp-messages";
import { article as cannotSendOrReceiveBehindCiscoPix } from "./articles/cannot-send-or-receive-behind-cisco-pix-firewall";
import { article as mysteryOfTheFailingPop3Access } from "./articles/mystery-of-the-failing-pop3-access-with-isa-2000";
import { article as edgeQueue451 } from "./articles/edge-queue-451-5-7-3-cannot-achieve-exchange-server-authentication";
import { article as event9514 } from "./articles/exchange-2007-event-9514-duplicate-proxy-address";
import { article as exportMessagesFromQueue } from "./articles/export-messages-from-queue-to-replay-exchange-2007";
import { article as edgeInbound550 } from "./articles/edge-inbound-550-5-7-1-ndr-ip-block-list";
import { article as pipelineTracing } from "./articles/exchange-2007-pipeline-tracing-transport-agents";
import { article as transportServiceEvent10321036 } from "./articles/exchange-2007-transport-service-fails-event-1032-1036";
import { article as exchange2007BehindCiscoPix } from "./articles/exchange-2007-cannot-send-or-receive-behind-cisco-pix";

/** The whole knowledge-base seed, in source-document order (000 … 004, topics of 004 in document order). */
export const kbSeedData: z.input<typeof kbSeed> = {
  products,
  causes,
  articles: [
    isaTmgResetsSmtpClientAfterTls,
    xconReceivingDuplicateInboundSmtpMessages,
    cannotSendOrReceiveBehindCiscoPix,
    mysteryOfTheFailingPop3Access,
    edgeQueue451,
    event9514,
    exportMessagesFromQueue,
    edgeInbound550,
    pipelineTracing,
    transportServiceEvent10321036,
    exchange2007BehindCiscoPix,
  ],
  checks,
  wizard,
};
