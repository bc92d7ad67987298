/**
 * More of Northshire's initiatives for `npm run seed:demo`, so the audit of activity has a picture
 * to show: smaller partnerships across the study's models, agency combinations and statuses, each
 * with its lead and a few members, some with a budget and meetings. Everything goes through the
 * modules, as the screens do.
 */
import type { ModelOfActivityKey, RationaleKey } from "../app/modules/study/study";
import type { SessionUser } from "../app/utils/auth.server";

type Spec = {
  name: string;
  lead: string;
  members: string[];
  targetGroup: string;
  rationales: RationaleKey[];
  modelOfActivity: ModelOfActivityKey;
  localAuthority: string;
  startDate: string;
  agencies: string[];
  status: "active" | "paused" | "closed";
  /** A confirmed pooled budget for this financial year, in pounds, from the lead's agency. */
  budget?: string;
};

const MORE: Spec[] = [
  {
    name: "Northshire Youth Offending Prevention Panel",
    lead: "daniel",
    members: ["lee", "rachel"],
    targetGroup: "Young people at risk of offending",
    rationales: ["target_group_needs", "government_agenda"],
    modelOfActivity: "decision_making_group",
    localAuthority: "Northshire County Council",
    startDate: "2024-09-01",
    agencies: ["childrens", "police", "school"],
    status: "active",
    budget: "48,000",
  },
  {
    name: "Early Years Speech and Language Pathway",
    lead: "emma",
    members: ["helen", "mark"],
    targetGroup: "Children under five with speech and language needs",
    rationales: ["shortage_of_provision", "comprehensive_service"],
    modelOfActivity: "centre_based_delivery",
    localAuthority: "Northshire County Council",
    startDate: "2025-01-06",
    agencies: ["trust", "education", "school"],
    status: "active",
    budget: "96,500",
  },
  {
    name: "Young Carers in School Project",
    lead: "fiona",
    members: ["rachel", "aisha"],
    targetGroup: "Young carers",
    rationales: ["target_group_needs"],
    modelOfActivity: "operational_team_delivery",
    localAuthority: "Northshire County Council",
    startDate: "2025-04-01",
    agencies: ["homestart", "school", "childrens"],
    status: "active",
  },
  {
    name: "School Exclusions Reduction Group",
    lead: "claire",
    members: ["lee", "mark"],
    targetGroup: "Pupils at risk of exclusion",
    rationales: ["government_agenda", "agency_activities"],
    modelOfActivity: "consultation_and_training",
    localAuthority: "Northshire County Council",
    startDate: "2023-09-01",
    agencies: ["education", "police"],
    status: "paused",
  },
  {
    name: "Teenage Health Drop-in",
    lead: "gareth",
    members: ["emma", "aisha"],
    targetGroup: "Young people aged 13 to 19",
    rationales: ["shortage_of_provision"],
    modelOfActivity: "centre_based_delivery",
    localAuthority: "Northshire County Council",
    startDate: "2022-10-03",
    agencies: ["trust", "childrens"],
    status: "closed",
  },
];

export async function seedMoreInitiatives(users: Map<string, SessionUser>, agencyIds: Map<string, string>) {
  const { prisma } = await import("../app/utils/db.server");
  const { createInitiative, updateInitiativeSettings } = await import("../app/modules/initiatives/commands.server");
  const { getInitiativeSettings } = await import("../app/modules/initiatives/queries.server");
  const { acceptInvitation, inviteMember } = await import("../app/modules/membership/commands.server");
  const { createStream } = await import("../app/modules/funding/commands.server");
  const { FundingStreamSchema } = await import("../app/modules/funding/schema");
  for (const spec of MORE) {
    const lead = users.get(spec.lead)!;
    const result = await createInitiative(lead, {
      name: spec.name,
      targetGroup: spec.targetGroup,
      rationales: spec.rationales,
      modelOfActivity: spec.modelOfActivity,
      aims: `Joint work for ${spec.targetGroup.toLowerCase()} across the agencies involved.`,
      localAuthority: spec.localAuthority,
      startDate: spec.startDate,
      agencyIds: spec.agencies.map((key) => agencyIds.get(key)!),
    });
    if (!result.ok) throw new Error(`Could not add ${spec.name}: ${result.message}`);
    const m = await prisma.membership.findFirstOrThrow({ where: { initiativeId: result.initiativeId, userId: lead.id } });
    const access = { user: lead, initiativeId: result.initiativeId, membership: { id: m.id, role: "lead" as const, agencyId: lead.agencyId } };
    for (const key of spec.members) {
      const member = users.get(key)!;
      const invited = await inviteMember(access, { email: member.email, role: "member", agencyId: member.agencyId });
      if (!invited.ok) throw new Error(`Could not invite ${member.name}: ${invited.message}`);
      const joined = await acceptInvitation(invited.token, member);
      if (!joined.ok) throw new Error(`${member.name} could not join: ${joined.message}`);
    }
    if (spec.budget) {
      const stream = FundingStreamSchema.parse({
        name: "Pooled budget",
        type: "pooled",
        agencyId: lead.agencyId,
        status: "confirmed",
        startDate: "2026-04-01",
        endDate: "2027-03-31",
        totalAmount: spec.budget,
      });
      const created = await createStream(access, stream);
      if (!created.ok) throw new Error(`Could not add ${spec.name}'s budget: ${created.message}`);
    }
    if (spec.status !== "active") {
      const settings = (await getInitiativeSettings(result.initiativeId))!;
      const saved = await updateInitiativeSettings(access, { ...settings, status: spec.status });
      if (!saved.ok) throw new Error(`Could not set ${spec.name}'s status: ${saved.message}`);
    }
  }
  return MORE.length;
}
