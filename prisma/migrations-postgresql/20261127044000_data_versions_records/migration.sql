-- Hand-written (Prisma does not describe triggers), as in data_versions: see
-- docs/decisions/016-cached-readings-by-data-version.md.
-- Scopes 'records:<initiative id>', one per initiative: its meetings (with who attended), actions,
-- roles and shared responsibilities (with the agencies assigned to them): what the overview's
-- counts and the self-assessment's evidence are worked out from. The row appears with the
-- initiative's first such record; the initiatives already there have theirs now.
INSERT INTO "DataVersion" ("scope", "version") SELECT 'records:' || "id", 0 FROM "Initiative";

CREATE FUNCTION "bump_records_version"(initiative TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF initiative IS NOT NULL THEN
        INSERT INTO "DataVersion" ("scope", "version") VALUES ('records:' || initiative, 1)
            ON CONFLICT ("scope") DO UPDATE SET "version" = "DataVersion"."version" + 1;
    END IF;
END;
$$;

-- Tables with the initiative's id on each row.
CREATE FUNCTION "bump_records_version_of_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM "bump_records_version"(OLD."initiativeId");
    ELSE
        PERFORM "bump_records_version"(NEW."initiativeId");
    END IF;
    RETURN NULL;
END;
$$;

-- Attendance, through its meeting (removed with its meeting, it finds none: the meeting's own change counts).
CREATE FUNCTION "bump_records_version_of_attendance"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM "bump_records_version"((SELECT m."initiativeId" FROM "Meeting" m WHERE m."id" = OLD."meetingId"));
    ELSE
        PERFORM "bump_records_version"((SELECT m."initiativeId" FROM "Meeting" m WHERE m."id" = NEW."meetingId"));
    END IF;
    RETURN NULL;
END;
$$;

-- An agency's part in a shared responsibility, through the responsibility.
CREATE FUNCTION "bump_records_version_of_assignment"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM "bump_records_version"((SELECT r."initiativeId" FROM "SharedResponsibility" r WHERE r."id" = OLD."responsibilityId"));
    ELSE
        PERFORM "bump_records_version"((SELECT r."initiativeId" FROM "SharedResponsibility" r WHERE r."id" = NEW."responsibilityId"));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Meeting_records_version" AFTER INSERT OR UPDATE OR DELETE ON "Meeting"
    FOR EACH ROW EXECUTE FUNCTION "bump_records_version_of_row"();

CREATE TRIGGER "ActionItem_records_version" AFTER INSERT OR UPDATE OR DELETE ON "ActionItem"
    FOR EACH ROW EXECUTE FUNCTION "bump_records_version_of_row"();

CREATE TRIGGER "RegisterRole_records_version" AFTER INSERT OR UPDATE OR DELETE ON "RegisterRole"
    FOR EACH ROW EXECUTE FUNCTION "bump_records_version_of_row"();

CREATE TRIGGER "SharedResponsibility_records_version" AFTER INSERT OR UPDATE OR DELETE ON "SharedResponsibility"
    FOR EACH ROW EXECUTE FUNCTION "bump_records_version_of_row"();

CREATE TRIGGER "MeetingAttendance_records_version" AFTER INSERT OR UPDATE OR DELETE ON "MeetingAttendance"
    FOR EACH ROW EXECUTE FUNCTION "bump_records_version_of_attendance"();

CREATE TRIGGER "ResponsibilityAssignment_records_version" AFTER INSERT OR UPDATE OR DELETE ON "ResponsibilityAssignment"
    FOR EACH ROW EXECUTE FUNCTION "bump_records_version_of_assignment"();
