-- CreateTable
CREATE TABLE "KbRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "seedHash" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ProductVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ProductVersion_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Article" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "position" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "ArticleSection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "heading" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "ArticleSection_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ArticleAppliesTo" (
    "articleId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,

    PRIMARY KEY ("articleId", "versionId"),
    CONSTRAINT "ArticleAppliesTo_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ArticleAppliesTo_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ProductVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Symptom" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "Symptom_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Signature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "symptomId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "display" TEXT NOT NULL,
    "qualifier" TEXT,
    "weight" REAL NOT NULL DEFAULT 1,
    CONSTRAINT "Signature_symptomId_fkey" FOREIGN KEY ("symptomId") REFERENCES "Symptom" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Cause" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ArticleCause" (
    "articleId" TEXT NOT NULL,
    "causeId" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("articleId", "causeId"),
    CONSTRAINT "ArticleCause_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ArticleCause_causeId_fkey" FOREIGN KEY ("causeId") REFERENCES "Cause" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Resolution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "causeId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "outcome" TEXT,
    "position" INTEGER NOT NULL,
    CONSTRAINT "Resolution_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Resolution_causeId_fkey" FOREIGN KEY ("causeId") REFERENCES "Cause" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ResolutionStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "resolutionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    CONSTRAINT "ResolutionStep_resolutionId_fkey" FOREIGN KEY ("resolutionId") REFERENCES "Resolution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Artifact" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    CONSTRAINT "Artifact_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "ResolutionStep" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Warning" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleId" TEXT NOT NULL,
    "resolutionId" TEXT,
    "level" TEXT NOT NULL,
    "risk" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "Warning_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Warning_resolutionId_fkey" FOREIGN KEY ("resolutionId") REFERENCES "Resolution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Reference" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT,
    "position" INTEGER NOT NULL,
    CONSTRAINT "Reference_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Check" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "causeId" TEXT NOT NULL,
    "symptomId" TEXT,
    "probe" TEXT NOT NULL,
    "findingId" TEXT NOT NULL,
    "effect" TEXT NOT NULL,
    "weight" REAL NOT NULL,
    "explanation" TEXT NOT NULL,
    CONSTRAINT "Check_causeId_fkey" FOREIGN KEY ("causeId") REFERENCES "Cause" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Check_symptomId_fkey" FOREIGN KEY ("symptomId") REFERENCES "Symptom" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WizardCategory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "causeWeights" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "WizardQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "help" TEXT NOT NULL,
    "position" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "WizardAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "causeWeights" TEXT NOT NULL,
    CONSTRAINT "WizardAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "WizardQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Diagnosis" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
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
    "kbRevision" INTEGER NOT NULL,
    "previousId" TEXT,
    CONSTRAINT "Diagnosis_previousId_fkey" FOREIGN KEY ("previousId") REFERENCES "Diagnosis" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
