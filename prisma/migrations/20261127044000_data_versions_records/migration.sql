-- Hand-written (Prisma does not describe triggers), as in data_versions: see
-- docs/decisions/016-cached-readings-by-data-version.md.
-- Scopes 'records:<initiative id>', one per initiative: its meetings (with who attended), actions,
-- roles and shared responsibilities (with the agencies assigned to them): what the overview's
-- counts and the self-assessment's evidence are worked out from. The row appears with the
-- initiative's first such record; the initiatives already there have theirs now.
INSERT INTO "DataVersion" ("scope", "version") SELECT 'records:' || "id", 0 FROM "Initiative";

CREATE TRIGGER "Meeting_records_version_insert" AFTER INSERT ON "Meeting"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || NEW."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "Meeting_records_version_update" AFTER UPDATE ON "Meeting"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || NEW."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "Meeting_records_version_delete" AFTER DELETE ON "Meeting"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || OLD."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "ActionItem_records_version_insert" AFTER INSERT ON "ActionItem"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || NEW."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "ActionItem_records_version_update" AFTER UPDATE ON "ActionItem"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || NEW."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "ActionItem_records_version_delete" AFTER DELETE ON "ActionItem"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || OLD."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "RegisterRole_records_version_insert" AFTER INSERT ON "RegisterRole"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || NEW."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "RegisterRole_records_version_update" AFTER UPDATE ON "RegisterRole"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || NEW."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "RegisterRole_records_version_delete" AFTER DELETE ON "RegisterRole"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || OLD."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "SharedResponsibility_records_version_insert" AFTER INSERT ON "SharedResponsibility"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || NEW."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "SharedResponsibility_records_version_update" AFTER UPDATE ON "SharedResponsibility"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || NEW."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "SharedResponsibility_records_version_delete" AFTER DELETE ON "SharedResponsibility"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || OLD."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "MeetingAttendance_records_version_insert" AFTER INSERT ON "MeetingAttendance"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") SELECT 'records:' || p."initiativeId", 1 FROM "Meeting" p WHERE p."id" = NEW."meetingId"
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "MeetingAttendance_records_version_update" AFTER UPDATE ON "MeetingAttendance"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") SELECT 'records:' || p."initiativeId", 1 FROM "Meeting" p WHERE p."id" = NEW."meetingId"
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "MeetingAttendance_records_version_delete" AFTER DELETE ON "MeetingAttendance"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") SELECT 'records:' || p."initiativeId", 1 FROM "Meeting" p WHERE p."id" = OLD."meetingId"
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "ResponsibilityAssignment_records_version_insert" AFTER INSERT ON "ResponsibilityAssignment"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") SELECT 'records:' || p."initiativeId", 1 FROM "SharedResponsibility" p WHERE p."id" = NEW."responsibilityId"
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "ResponsibilityAssignment_records_version_update" AFTER UPDATE ON "ResponsibilityAssignment"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") SELECT 'records:' || p."initiativeId", 1 FROM "SharedResponsibility" p WHERE p."id" = NEW."responsibilityId"
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "ResponsibilityAssignment_records_version_delete" AFTER DELETE ON "ResponsibilityAssignment"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") SELECT 'records:' || p."initiativeId", 1 FROM "SharedResponsibility" p WHERE p."id" = OLD."responsibilityId"
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;
