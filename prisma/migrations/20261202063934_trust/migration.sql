-- AlterTable
ALTER TABLE "Agency" ADD COLUMN "nameKey" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "emailVerifiedAt" DATETIME;

-- CreateTable
CREATE TABLE "AssessmentReminder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "sentById" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AssessmentReminder_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "AssessmentRound" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssessmentReminder_sentById_fkey" FOREIGN KEY ("sentById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SetupCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "codeHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "persistent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("createdAt", "expiresAt", "id", "userAgent", "userId") SELECT "createdAt", "expiresAt", "id", "userAgent", "userId" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE INDEX "Session_userId_idx" ON "Session"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

-- Hand-written, as in data_versions: a reminder is part of a round, in the 'audit' scope.
CREATE TRIGGER "AssessmentReminder_audit_version_insert" AFTER INSERT ON "AssessmentReminder"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "AssessmentReminder_audit_version_update" AFTER UPDATE ON "AssessmentReminder"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "AssessmentReminder_audit_version_delete" AFTER DELETE ON "AssessmentReminder"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;
