-- Hand-written (Prisma does not describe triggers), as in data_versions: see
-- docs/decisions/016-cached-readings-by-data-version.md.

-- Scope 'people': who takes part in each initiative and the names the pages show for them:
-- memberships (not when a feed is read: only the columns the member list shows), the agencies
-- and their links to initiatives, and a person's name or removal.
INSERT INTO "DataVersion" ("scope", "version") VALUES ('people', 0);

CREATE TRIGGER "Membership_people_version_insert" AFTER INSERT ON "Membership"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

CREATE TRIGGER "Membership_people_version_update" AFTER UPDATE OF "initiativeId", "userId", "role", "agencyId", "joinedAt" ON "Membership"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

CREATE TRIGGER "Membership_people_version_delete" AFTER DELETE ON "Membership"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

CREATE TRIGGER "Agency_people_version_insert" AFTER INSERT ON "Agency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

CREATE TRIGGER "Agency_people_version_update" AFTER UPDATE ON "Agency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

CREATE TRIGGER "Agency_people_version_delete" AFTER DELETE ON "Agency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

CREATE TRIGGER "InitiativeAgency_people_version_insert" AFTER INSERT ON "InitiativeAgency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

CREATE TRIGGER "InitiativeAgency_people_version_update" AFTER UPDATE ON "InitiativeAgency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

CREATE TRIGGER "InitiativeAgency_people_version_delete" AFTER DELETE ON "InitiativeAgency"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

CREATE TRIGGER "User_people_version_update" AFTER UPDATE OF "name" ON "User"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

CREATE TRIGGER "User_people_version_delete" AFTER DELETE ON "User"
BEGIN
    UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "scope" = 'people';
END;

-- Scopes 'posts:<initiative id>', one per initiative: its updates feed (posts and their mentions).
-- The row is made by the initiative's first change; the initiatives already there have theirs now.
INSERT INTO "DataVersion" ("scope", "version") SELECT 'posts:' || "id", 0 FROM "Initiative";

CREATE TRIGGER "Post_posts_version_insert" AFTER INSERT ON "Post"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('posts:' || NEW."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "Post_posts_version_update" AFTER UPDATE ON "Post"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('posts:' || NEW."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "Post_posts_version_delete" AFTER DELETE ON "Post"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") VALUES ('posts:' || OLD."initiativeId", 1)
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "PostMention_posts_version_insert" AFTER INSERT ON "PostMention"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") SELECT 'posts:' || p."initiativeId", 1 FROM "Post" p WHERE p."id" = NEW."postId"
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "PostMention_posts_version_update" AFTER UPDATE ON "PostMention"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") SELECT 'posts:' || p."initiativeId", 1 FROM "Post" p WHERE p."id" = NEW."postId"
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "PostMention_posts_version_delete" AFTER DELETE ON "PostMention"
BEGIN
    INSERT INTO "DataVersion" ("scope", "version") SELECT 'posts:' || p."initiativeId", 1 FROM "Post" p WHERE p."id" = OLD."postId"
        ON CONFLICT ("scope") DO UPDATE SET "version" = "version" + 1;
END;
