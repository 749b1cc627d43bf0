-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "KbRevision" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "seedHash" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KbRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductVersion" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProductVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Article" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "sourceFile" TEXT NOT NULL,
    "sourceTitle" TEXT NOT NULL,
    "kbNumber" TEXT,
    "previousId" TEXT,
    "revision" TEXT,
    "lastReviewed" TEXT,
    "author" TEXT,
    "published" TEXT,
    "status" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArticleSection" (
    "id" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "heading" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ArticleSection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArticleAppliesTo" (
    "articleId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,

    CONSTRAINT "ArticleAppliesTo_pkey" PRIMARY KEY ("articleId","versionId")
);

-- CreateTable
CREATE TABLE "Symptom" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Symptom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Signature" (
    "id" TEXT NOT NULL,
    "symptomId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "display" TEXT NOT NULL,
    "qualifier" TEXT,
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,

    CONSTRAINT "Signature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cause" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "vantage" TEXT,

    CONSTRAINT "Cause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArticleCause" (
    "articleId" TEXT NOT NULL,
    "causeId" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ArticleCause_pkey" PRIMARY KEY ("articleId","causeId")
);

-- CreateTable
CREATE TABLE "Resolution" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "causeId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "outcome" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Resolution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResolutionStep" (
    "id" TEXT NOT NULL,
    "resolutionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "ResolutionStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Artifact" (
    "id" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "note" TEXT,
    "registryPath" TEXT,
    "valueName" TEXT,
    "valueType" TEXT,
    "value" TEXT,
    "defaultValue" TEXT,

    CONSTRAINT "Artifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Warning" (
    "id" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "resolutionId" TEXT,
    "level" TEXT NOT NULL,
    "risk" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Warning_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reference" (
    "id" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Reference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Check" (
    "id" TEXT NOT NULL,
    "causeId" TEXT NOT NULL,
    "symptomId" TEXT,
    "probe" TEXT NOT NULL,
    "findingId" TEXT NOT NULL,
    "effect" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    "verdictStrength" TEXT NOT NULL DEFAULT 'supporting',
    "basis" TEXT NOT NULL DEFAULT '{"kind":"inferred","reason":"not reviewed"}',
    "explanation" TEXT NOT NULL,

    CONSTRAINT "Check_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WizardCategory" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "causeWeights" TEXT NOT NULL,

    CONSTRAINT "WizardCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WizardQuestion" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "help" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "WizardQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WizardAnswer" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "causeWeights" TEXT NOT NULL,

    CONSTRAINT "WizardAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Diagnosis" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER,
    "category" TEXT,
    "answers" TEXT NOT NULL,
    "steps" TEXT NOT NULL,
    "results" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "causes" TEXT NOT NULL,
    "articles" TEXT NOT NULL,
    "conclusion" TEXT,
    "kbRevision" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'done',
    "previousId" TEXT,
    "pinned" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Diagnosis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiveCheckEvent" (
    "id" SERIAL NOT NULL,
    "diagnosisId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveCheckEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiveCheckRun" (
    "diagnosisId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "attempt" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "LiveCheckRun_pkey" PRIMARY KEY ("diagnosisId")
);

-- CreateTable
CREATE TABLE "ProbeLease" (
    "id" TEXT NOT NULL,
    "targetKey" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProbeLease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Product_slug_key" ON "Product"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "ProductVersion_slug_key" ON "ProductVersion"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Article_slug_key" ON "Article"("slug");

-- CreateIndex
CREATE INDEX "ArticleSection_articleId_position_idx" ON "ArticleSection"("articleId", "position");

-- CreateIndex
CREATE INDEX "ArticleAppliesTo_versionId_idx" ON "ArticleAppliesTo"("versionId");

-- CreateIndex
CREATE UNIQUE INDEX "Symptom_key_key" ON "Symptom"("key");

-- CreateIndex
CREATE INDEX "Signature_kind_value_idx" ON "Signature"("kind", "value");

-- CreateIndex
CREATE INDEX "Signature_symptomId_idx" ON "Signature"("symptomId");

-- CreateIndex
CREATE UNIQUE INDEX "Cause_key_key" ON "Cause"("key");

-- CreateIndex
CREATE INDEX "ArticleCause_causeId_idx" ON "ArticleCause"("causeId");

-- CreateIndex
CREATE UNIQUE INDEX "Resolution_key_key" ON "Resolution"("key");

-- CreateIndex
CREATE INDEX "ResolutionStep_resolutionId_position_idx" ON "ResolutionStep"("resolutionId", "position");

-- CreateIndex
CREATE INDEX "Check_findingId_idx" ON "Check"("findingId");

-- CreateIndex
CREATE INDEX "Check_causeId_idx" ON "Check"("causeId");

-- CreateIndex
CREATE UNIQUE INDEX "WizardCategory_key_key" ON "WizardCategory"("key");

-- CreateIndex
CREATE UNIQUE INDEX "WizardQuestion_key_key" ON "WizardQuestion"("key");

-- CreateIndex
CREATE UNIQUE INDEX "WizardAnswer_key_key" ON "WizardAnswer"("key");

-- CreateIndex
CREATE INDEX "Diagnosis_host_createdAt_idx" ON "Diagnosis"("host", "createdAt");

-- CreateIndex
CREATE INDEX "Diagnosis_createdAt_idx" ON "Diagnosis"("createdAt");

-- CreateIndex
CREATE INDEX "Diagnosis_status_idx" ON "Diagnosis"("status");

-- CreateIndex
CREATE INDEX "LiveCheckEvent_createdAt_idx" ON "LiveCheckEvent"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LiveCheckEvent_diagnosisId_seq_key" ON "LiveCheckEvent"("diagnosisId", "seq");

-- CreateIndex
CREATE INDEX "ProbeLease_targetKey_idx" ON "ProbeLease"("targetKey");

-- CreateIndex
CREATE INDEX "ProbeLease_expiresAt_idx" ON "ProbeLease"("expiresAt");

-- AddForeignKey
ALTER TABLE "ProductVersion" ADD CONSTRAINT "ProductVersion_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleSection" ADD CONSTRAINT "ArticleSection_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleAppliesTo" ADD CONSTRAINT "ArticleAppliesTo_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleAppliesTo" ADD CONSTRAINT "ArticleAppliesTo_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ProductVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Symptom" ADD CONSTRAINT "Symptom_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signature" ADD CONSTRAINT "Signature_symptomId_fkey" FOREIGN KEY ("symptomId") REFERENCES "Symptom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleCause" ADD CONSTRAINT "ArticleCause_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleCause" ADD CONSTRAINT "ArticleCause_causeId_fkey" FOREIGN KEY ("causeId") REFERENCES "Cause"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resolution" ADD CONSTRAINT "Resolution_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resolution" ADD CONSTRAINT "Resolution_causeId_fkey" FOREIGN KEY ("causeId") REFERENCES "Cause"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResolutionStep" ADD CONSTRAINT "ResolutionStep_resolutionId_fkey" FOREIGN KEY ("resolutionId") REFERENCES "Resolution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Artifact" ADD CONSTRAINT "Artifact_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "ResolutionStep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Warning" ADD CONSTRAINT "Warning_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Warning" ADD CONSTRAINT "Warning_resolutionId_fkey" FOREIGN KEY ("resolutionId") REFERENCES "Resolution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reference" ADD CONSTRAINT "Reference_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Check" ADD CONSTRAINT "Check_causeId_fkey" FOREIGN KEY ("causeId") REFERENCES "Cause"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Check" ADD CONSTRAINT "Check_symptomId_fkey" FOREIGN KEY ("symptomId") REFERENCES "Symptom"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WizardAnswer" ADD CONSTRAINT "WizardAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "WizardQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Diagnosis" ADD CONSTRAINT "Diagnosis_previousId_fkey" FOREIGN KEY ("previousId") REFERENCES "Diagnosis"("id") ON DELETE SET NULL ON UPDATE CASCADE;
