-- Hand-written (Prisma does not describe triggers), as in data_versions: see
-- docs/decisions/016-cached-readings-by-data-version.md.
-- Scope 'meetings': every Meeting in the portal, for what is counted across initiatives (the
-- audit of activity's meetings held in the last 12 months). A meeting's attendance is not in it.
INSERT INTO "DataVersion" ("scope", "version") VALUES ('meetings', 0);

CREATE FUNCTION "bump_meetings_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'meetings';
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Meeting_meetings_version" AFTER INSERT OR UPDATE OR DELETE ON "Meeting"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_meetings_version"();
