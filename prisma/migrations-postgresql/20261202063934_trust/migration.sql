-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "nameKey" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailVerifiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "persistent" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "AssessmentReminder" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "sentById" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssessmentReminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SetupCode" (
    "id" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "SetupCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AssessmentReminder_roundId_sentAt_idx" ON "AssessmentReminder"("roundId", "sentAt");

-- CreateIndex
CREATE INDEX "AssessmentReminder_sentById_idx" ON "AssessmentReminder"("sentById");

-- CreateIndex
CREATE UNIQUE INDEX "SetupCode_codeHash_key" ON "SetupCode"("codeHash");

-- Backfill (hand-written): each existing agency's name folded as agencyNameKey() folds it, for the
-- common punctuation. Where two existing names fold alike, only the older keeps a key, so the unique
-- index can be made; the portal compares every name in full when an agency is added or renamed.
UPDATE "Agency" AS "a" SET "nameKey" = lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("a"."name", ' ', ''), '.', ''), ',', ''), '-', ''), '''', ''), '&', ''), '(', ''), ')', ''), '/', ''), '_', ''), ':', ''), ';', ''), '!', ''), '?', ''), '"', ''), '’', ''), '‘', ''))
WHERE NOT EXISTS (
    SELECT 1 FROM "Agency" AS "b"
    WHERE lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("b"."name", ' ', ''), '.', ''), ',', ''), '-', ''), '''', ''), '&', ''), '(', ''), ')', ''), '/', ''), '_', ''), ':', ''), ';', ''), '!', ''), '?', ''), '"', ''), '’', ''), '‘', '')) = lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("a"."name", ' ', ''), '.', ''), ',', ''), '-', ''), '''', ''), '&', ''), '(', ''), ')', ''), '/', ''), '_', ''), ':', ''), ';', ''), '!', ''), '?', ''), '"', ''), '’', ''), '‘', ''))
      AND ("b"."createdAt" < "a"."createdAt" OR ("b"."createdAt" = "a"."createdAt" AND "b"."id" < "a"."id"))
);

-- CreateIndex
CREATE UNIQUE INDEX "Agency_nameKey_key" ON "Agency"("nameKey");

-- AddForeignKey
ALTER TABLE "AssessmentReminder" ADD CONSTRAINT "AssessmentReminder_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "AssessmentRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentReminder" ADD CONSTRAINT "AssessmentReminder_sentById_fkey" FOREIGN KEY ("sentById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written, as in data_versions: a reminder is part of a round, in the 'audit' scope.
CREATE TRIGGER "AssessmentReminder_audit_version" AFTER INSERT OR UPDATE OR DELETE ON "AssessmentReminder"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_audit_version"();
