-- Hand-written (Prisma does not describe triggers), as in data_versions: see
-- docs/decisions/016-cached-readings-by-data-version.md.

-- Scope 'people': who takes part in each initiative and the names the pages show for them:
-- memberships (not when a feed is read: only the columns the member list shows), the agencies
-- and their links to initiatives, and a person's name or removal.
INSERT INTO "DataVersion" ("scope", "version") VALUES ('people', 0);

CREATE FUNCTION "bump_people_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Membership_people_version" AFTER INSERT OR UPDATE OF "initiativeId", "userId", "role", "agencyId", "joinedAt" OR DELETE ON "Membership"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_people_version"();

CREATE TRIGGER "Agency_people_version" AFTER INSERT OR UPDATE OR DELETE ON "Agency"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_people_version"();

CREATE TRIGGER "InitiativeAgency_people_version" AFTER INSERT OR UPDATE OR DELETE ON "InitiativeAgency"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_people_version"();

CREATE TRIGGER "User_people_version" AFTER UPDATE OF "name" OR DELETE ON "User"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_people_version"();

-- Scopes 'posts:<initiative id>', one per initiative: its updates feed (posts and their mentions).
-- The row is made by the initiative's first change; the initiatives already there have theirs now.
INSERT INTO "DataVersion" ("scope", "version") SELECT 'posts:' || "id", 0 FROM "Initiative";
-- Row triggers: each change names its initiative (a mention through its post; a mention removed
-- with its post finds none, and the post's own change counts).
CREATE FUNCTION "bump_posts_version"(initiative TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF initiative IS NOT NULL THEN
        INSERT INTO "DataVersion" ("scope", "version") VALUES ('posts:' || initiative, 1)
            ON CONFLICT ("scope") DO UPDATE SET "version" = "DataVersion"."version" + 1;
    END IF;
END;
$$;

CREATE FUNCTION "bump_posts_version_of_post"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM "bump_posts_version"(OLD."initiativeId");
    ELSE
        PERFORM "bump_posts_version"(NEW."initiativeId");
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION "bump_posts_version_of_mention"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM "bump_posts_version"((SELECT p."initiativeId" FROM "Post" p WHERE p."id" = OLD."postId"));
    ELSE
        PERFORM "bump_posts_version"((SELECT p."initiativeId" FROM "Post" p WHERE p."id" = NEW."postId"));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Post_posts_version" AFTER INSERT OR UPDATE OR DELETE ON "Post"
    FOR EACH ROW EXECUTE FUNCTION "bump_posts_version_of_post"();

CREATE TRIGGER "PostMention_posts_version" AFTER INSERT OR UPDATE OR DELETE ON "PostMention"
    FOR EACH ROW EXECUTE FUNCTION "bump_posts_version_of_mention"();
