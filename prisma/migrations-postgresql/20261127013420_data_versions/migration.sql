-- CreateTable
CREATE TABLE "DataVersion" (
    "scope" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DataVersion_pkey" PRIMARY KEY ("scope")
);

-- Hand-written (Prisma does not describe triggers): every insert, update and delete of the tables
-- behind a scope's kept readings adds one to its version, in the same transaction as the change.
-- See docs/decisions/016-cached-readings-by-data-version.md.
-- Scope 'audit': the tables the audit of activity reads across the portal.
INSERT INTO "DataVersion" ("scope", "version") VALUES ('audit', 0);

CREATE FUNCTION "bump_audit_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'audit';
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Initiative_audit_version" AFTER INSERT OR UPDATE OR DELETE ON "Initiative"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_audit_version"();


CREATE TRIGGER "InitiativeRationale_audit_version" AFTER INSERT OR UPDATE OR DELETE ON "InitiativeRationale"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_audit_version"();

CREATE TRIGGER "InitiativeAgency_audit_version" AFTER INSERT OR UPDATE OR DELETE ON "InitiativeAgency"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_audit_version"();

CREATE TRIGGER "Agency_audit_version" AFTER INSERT OR UPDATE OR DELETE ON "Agency"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_audit_version"();

CREATE TRIGGER "AssessmentRound_audit_version" AFTER INSERT OR UPDATE OR DELETE ON "AssessmentRound"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_audit_version"();

CREATE TRIGGER "AssessmentResponse_audit_version" AFTER INSERT OR UPDATE OR DELETE ON "AssessmentResponse"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_audit_version"();

CREATE TRIGGER "FactorRating_audit_version" AFTER INSERT OR UPDATE OR DELETE ON "FactorRating"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_audit_version"();

CREATE TRIGGER "ChallengeRating_audit_version" AFTER INSERT OR UPDATE OR DELETE ON "ChallengeRating"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_audit_version"();

CREATE TRIGGER "BenefitReport_audit_version" AFTER INSERT OR UPDATE OR DELETE ON "BenefitReport"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_audit_version"();

-- Scope 'funding': what a budget shows (decision 016): streams, amounts, spending, in-kind
-- contributions, the agencies' names and links, and the names of who recorded spending.
INSERT INTO "DataVersion" ("scope", "version") VALUES ('funding', 0);

CREATE FUNCTION "bump_funding_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'funding';
    RETURN NULL;
END;
$$;

CREATE TRIGGER "FundingStream_funding_version" AFTER INSERT OR UPDATE OR DELETE ON "FundingStream"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_funding_version"();

CREATE TRIGGER "FundingAmount_funding_version" AFTER INSERT OR UPDATE OR DELETE ON "FundingAmount"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_funding_version"();

CREATE TRIGGER "Expenditure_funding_version" AFTER INSERT OR UPDATE OR DELETE ON "Expenditure"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_funding_version"();

CREATE TRIGGER "InKindContribution_funding_version" AFTER INSERT OR UPDATE OR DELETE ON "InKindContribution"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_funding_version"();

CREATE TRIGGER "Agency_funding_version" AFTER INSERT OR UPDATE OR DELETE ON "Agency"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_funding_version"();

CREATE TRIGGER "InitiativeAgency_funding_version" AFTER INSERT OR UPDATE OR DELETE ON "InitiativeAgency"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_funding_version"();

CREATE TRIGGER "User_funding_version" AFTER UPDATE OF "name" OR DELETE ON "User"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_funding_version"();
