-- CreateTable
CREATE TABLE "DataVersion" (
    "scope" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- Hand-written (Prisma does not describe triggers): every insert, update and delete of the tables
-- behind a scope's kept readings adds one to its version, in the same transaction as the change.
-- See docs/decisions/016-cached-readings-by-data-version.md.
-- Scope 'audit': the tables the audit of activity reads across the portal.
INSERT INTO "DataVersion" ("scope", "version") VALUES ('audit', 0);

CREATE TRIGGER "Initiative_audit_version_insert" AFTER INSERT ON "Initiative"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "Initiative_audit_version_update" AFTER UPDATE ON "Initiative"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "Initiative_audit_version_delete" AFTER DELETE ON "Initiative"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "InitiativeRationale_audit_version_insert" AFTER INSERT ON "InitiativeRationale"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "InitiativeRationale_audit_version_update" AFTER UPDATE ON "InitiativeRationale"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "InitiativeRationale_audit_version_delete" AFTER DELETE ON "InitiativeRationale"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "InitiativeAgency_audit_version_insert" AFTER INSERT ON "InitiativeAgency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "InitiativeAgency_audit_version_update" AFTER UPDATE ON "InitiativeAgency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "InitiativeAgency_audit_version_delete" AFTER DELETE ON "InitiativeAgency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "Agency_audit_version_insert" AFTER INSERT ON "Agency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "Agency_audit_version_update" AFTER UPDATE ON "Agency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "Agency_audit_version_delete" AFTER DELETE ON "Agency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "AssessmentRound_audit_version_insert" AFTER INSERT ON "AssessmentRound"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "AssessmentRound_audit_version_update" AFTER UPDATE ON "AssessmentRound"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "AssessmentRound_audit_version_delete" AFTER DELETE ON "AssessmentRound"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "AssessmentResponse_audit_version_insert" AFTER INSERT ON "AssessmentResponse"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "AssessmentResponse_audit_version_update" AFTER UPDATE ON "AssessmentResponse"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "AssessmentResponse_audit_version_delete" AFTER DELETE ON "AssessmentResponse"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "FactorRating_audit_version_insert" AFTER INSERT ON "FactorRating"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "FactorRating_audit_version_update" AFTER UPDATE ON "FactorRating"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "FactorRating_audit_version_delete" AFTER DELETE ON "FactorRating"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "ChallengeRating_audit_version_insert" AFTER INSERT ON "ChallengeRating"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "ChallengeRating_audit_version_update" AFTER UPDATE ON "ChallengeRating"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "ChallengeRating_audit_version_delete" AFTER DELETE ON "ChallengeRating"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "BenefitReport_audit_version_insert" AFTER INSERT ON "BenefitReport"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "BenefitReport_audit_version_update" AFTER UPDATE ON "BenefitReport"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

CREATE TRIGGER "BenefitReport_audit_version_delete" AFTER DELETE ON "BenefitReport"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
END;

-- Scope 'funding': what a budget shows (decision 016): streams, amounts, spending, in-kind
-- contributions, the agencies' names and links, and the names of who recorded spending.
INSERT INTO "DataVersion" ("scope", "version") VALUES ('funding', 0);

CREATE TRIGGER "FundingStream_funding_version_insert" AFTER INSERT ON "FundingStream"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "FundingStream_funding_version_update" AFTER UPDATE ON "FundingStream"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "FundingStream_funding_version_delete" AFTER DELETE ON "FundingStream"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "FundingAmount_funding_version_insert" AFTER INSERT ON "FundingAmount"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "FundingAmount_funding_version_update" AFTER UPDATE ON "FundingAmount"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "FundingAmount_funding_version_delete" AFTER DELETE ON "FundingAmount"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "Expenditure_funding_version_insert" AFTER INSERT ON "Expenditure"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "Expenditure_funding_version_update" AFTER UPDATE ON "Expenditure"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "Expenditure_funding_version_delete" AFTER DELETE ON "Expenditure"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "InKindContribution_funding_version_insert" AFTER INSERT ON "InKindContribution"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "InKindContribution_funding_version_update" AFTER UPDATE ON "InKindContribution"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "InKindContribution_funding_version_delete" AFTER DELETE ON "InKindContribution"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "Agency_funding_version_insert" AFTER INSERT ON "Agency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "Agency_funding_version_update" AFTER UPDATE ON "Agency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "Agency_funding_version_delete" AFTER DELETE ON "Agency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "InitiativeAgency_funding_version_insert" AFTER INSERT ON "InitiativeAgency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "InitiativeAgency_funding_version_update" AFTER UPDATE ON "InitiativeAgency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "InitiativeAgency_funding_version_delete" AFTER DELETE ON "InitiativeAgency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "User_funding_version_update" AFTER UPDATE OF "name" ON "User"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;

CREATE TRIGGER "User_funding_version_delete" AFTER DELETE ON "User"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
END;
