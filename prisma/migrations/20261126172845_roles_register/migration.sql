-- CreateTable
CREATE TABLE "RegisterRole" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "initiativeId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "holderId" TEXT,
    "responsibilities" TEXT NOT NULL DEFAULT '[]',
    "accountableToId" TEXT,
    "timeUnit" TEXT NOT NULL,
    "timeAmount" INTEGER NOT NULL,
    "startDate" DATETIME,
    "endDate" DATETIME,
    "lastConfirmedAt" DATETIME,
    "confirmationRequestedAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RegisterRole_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "Initiative" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RegisterRole_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RegisterRole_holderId_fkey" FOREIGN KEY ("holderId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RegisterRole_accountableToId_fkey" FOREIGN KEY ("accountableToId") REFERENCES "RegisterRole" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RegisterRole_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SharedResponsibility" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "initiativeId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SharedResponsibility_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "Initiative" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ResponsibilityAssignment" (
    "responsibilityId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,

    PRIMARY KEY ("responsibilityId", "agencyId", "kind"),
    CONSTRAINT "ResponsibilityAssignment_responsibilityId_fkey" FOREIGN KEY ("responsibilityId") REFERENCES "SharedResponsibility" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ResponsibilityAssignment_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RegisterRole_initiativeId_idx" ON "RegisterRole"("initiativeId");

-- CreateIndex
CREATE INDEX "RegisterRole_agencyId_idx" ON "RegisterRole"("agencyId");

-- CreateIndex
CREATE INDEX "RegisterRole_holderId_idx" ON "RegisterRole"("holderId");

-- CreateIndex
CREATE INDEX "RegisterRole_accountableToId_idx" ON "RegisterRole"("accountableToId");

-- CreateIndex
CREATE INDEX "RegisterRole_createdById_idx" ON "RegisterRole"("createdById");

-- CreateIndex
CREATE INDEX "SharedResponsibility_initiativeId_idx" ON "SharedResponsibility"("initiativeId");

-- CreateIndex
CREATE INDEX "ResponsibilityAssignment_agencyId_idx" ON "ResponsibilityAssignment"("agencyId");
