-- CreateTable
CREATE TABLE "AssessmentRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "initiativeId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "closesOn" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AssessmentRound_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "Initiative" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssessmentRound_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssessmentResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "submittedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AssessmentResponse_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "AssessmentRound" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssessmentResponse_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssessmentResponse_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FactorRating" (
    "responseId" TEXT NOT NULL,
    "factorKey" TEXT NOT NULL,
    "rating" INTEGER,
    "evidence" TEXT,

    PRIMARY KEY ("responseId", "factorKey"),
    CONSTRAINT "FactorRating_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "AssessmentResponse" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChallengeRating" (
    "responseId" TEXT NOT NULL,
    "challengeKey" TEXT NOT NULL,
    "severity" TEXT NOT NULL,

    PRIMARY KEY ("responseId", "challengeKey"),
    CONSTRAINT "ChallengeRating_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "AssessmentResponse" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BenefitReport" (
    "responseId" TEXT NOT NULL,
    "benefitKey" TEXT NOT NULL,
    "example" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("responseId", "benefitKey"),
    CONSTRAINT "BenefitReport_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "AssessmentResponse" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AssessmentRound_initiativeId_createdAt_idx" ON "AssessmentRound"("initiativeId", "createdAt");

-- CreateIndex
CREATE INDEX "AssessmentRound_createdById_idx" ON "AssessmentRound"("createdById");

-- CreateIndex
CREATE INDEX "AssessmentResponse_userId_idx" ON "AssessmentResponse"("userId");

-- CreateIndex
CREATE INDEX "AssessmentResponse_agencyId_idx" ON "AssessmentResponse"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentResponse_roundId_userId_key" ON "AssessmentResponse"("roundId", "userId");
