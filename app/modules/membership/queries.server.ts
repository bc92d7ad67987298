import { createHash } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { initiativePeople } from "~/modules/initiatives/roster.server";
import { prisma } from "~/utils/db.server";

/**
 * Membership of initiatives: who is in, with which role, and how they got in (invitations).
 * Every function takes the caller's checked access (from the policy module) and scopes every
 * query by its initiative, so an id from another initiative never matches.
 */

/** The members, each with what tells them apart from a namesake of the same agency (names.ts), or null. */
export async function listMembers(initiativeId: string) {
  const [rows, people] = await Promise.all([
    prisma.membership.findMany({
      where: { initiativeId },
      select: {
        id: true,
        role: true,
        joinedAt: true,
        user: { select: { id: true, name: true, jobTitle: true, email: true } },
        agency: { select: { id: true, name: true, sector: true } },
      },
      orderBy: [{ agency: { name: "asc" } }, { user: { name: "asc" } }],
    }),
    initiativePeople(initiativeId),
  ]);
  const named = new Map(people.map((person) => [person.id, person]));
  return rows.map((row) => ({ ...row, detail: named.get(row.user.id)?.detail ?? null, label: named.get(row.user.id)?.label ?? row.user.name }));
}

export function hashInvitationToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export async function listPendingInvitations(initiativeId: string, now = new Date()) {
  return prisma.invitation.findMany({
    where: { initiativeId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      agency: { select: { name: true } },
      invitedBy: { select: { id: true, name: true } },
    },
    orderBy: { createdAt: "desc" },
  });
}

type InvitationView =
  | { state: "unknown" }
  | {
      state: "pending" | "expired" | "revoked" | "accepted";
      email: string;
      role: string;
      initiativeName: string;
      initiativeId: string;
      agencyName: string;
      invitedBy: string;
      expiresAt: Date;
    };

/** What an invitation link shows. The link itself is the proof of being invited. */
export async function getInvitationByToken(token: string, now = new Date()): Promise<InvitationView> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: "unknown" };
  const invitation = await prisma.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      initiative: { select: { id: true, name: true } },
      agency: { select: { name: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!invitation) return { state: "unknown" };
  const state = invitation.acceptedAt ? "accepted" : invitation.revokedAt ? "revoked" : invitation.expiresAt <= now ? "expired" : "pending";
  return {
    state,
    email: invitation.email,
    role: invitation.role,
    initiativeName: invitation.initiative.name,
    initiativeId: invitation.initiative.id,
    agencyName: invitation.agency.name,
    invitedBy: invitation.invitedBy.name,
    expiresAt: invitation.expiresAt,
  };
}

export function findMember(db: Prisma.TransactionClient, initiativeId: string, membershipId: string) {
  return db.membership.findFirst({
    where: { id: membershipId, initiativeId },
    select: { id: true, role: true, userId: true, user: { select: { name: true } }, agency: { select: { name: true } } },
  });
}

/** The member a removal asks about, with the words that tell them apart from a namesake (names.ts). */
export async function getMemberForConfirmation(initiativeId: string, membershipId: string) {
  const [member, people] = await Promise.all([findMember(prisma, initiativeId, membershipId), initiativePeople(initiativeId)]);
  return member && { ...member, label: people.find((person) => person.id === member.userId)?.label ?? `${member.user.name} (${member.agency.name})` };
}

// ─── For the socket server ───────────────────────────────────────────────────────────────────

/** The people who belong to an initiative, by id: whose own rooms hear of its feed's changes. */
export async function memberIdsOf(initiativeId: string): Promise<string[]> {
  const rows = await prisma.membership.findMany({ where: { initiativeId }, select: { userId: true } });
  return rows.map((row) => row.userId);
}

/** The initiatives a person belongs to, by id: where a change to their name shows. */
export async function initiativeIdsOf(userId: string): Promise<string[]> {
  const rows = await prisma.membership.findMany({ where: { userId }, select: { initiativeId: true } });
  return rows.map((row) => row.initiativeId);
}

/** Of these people, those who let others see when they are online ("Your account"), sorted. */
export async function shownOnline(userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await prisma.user.findMany({ where: { id: { in: [...userIds] }, showPresence: true }, select: { id: true } });
  return rows.map((row) => row.id).sort();
}
