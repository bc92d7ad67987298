/**
 * The research framework the portal is built on, as data.
 *
 * Source: the NFER audit of 221 multi-agency initiatives in 117 local authorities
 * (Atkinson, Wilkin, Stott, Doherty and Kinder, "Multi-agency working: an audit of activity",
 * 2001) and NFER's follow-up study of models of multi-agency activity (2002).
 * The wording here is the product's own. Keys are stable identifiers stored in the database:
 * never rename one; add a new key instead.
 */

export const SECTORS = [
  { key: "health", label: "Health" },
  { key: "social_services", label: "Social services" },
  { key: "education", label: "Education" },
  { key: "other", label: "Other (police, housing, voluntary sector…)" },
] as const;
export type SectorKey = (typeof SECTORS)[number]["key"];
export const SECTOR_KEYS = SECTORS.map((s) => s.key) as [SectorKey, ...SectorKey[]];

export const RATIONALES = [
  {
    key: "target_group_needs",
    label: "The needs of the target group",
    hint: "The most common reason in the study.",
  },
  {
    key: "government_agenda",
    label: "The government agenda or directives",
    hint: "A national policy, guidance or funding condition.",
  },
  {
    key: "comprehensive_service",
    label: "A more comprehensive, effective service",
    hint: "Joining up so that families get one coherent service.",
  },
  {
    key: "agency_activities",
    label: "The agencies' own activities",
    hint: "Work the agencies were already doing that needed joining up.",
  },
  {
    key: "shortage_of_provision",
    label: "A shortage of provision",
    hint: "A gap no single agency could fill.",
  },
] as const;
export type RationaleKey = (typeof RATIONALES)[number]["key"];
export const RATIONALE_KEYS = RATIONALES.map((r) => r.key) as [RationaleKey, ...RationaleKey[]];

export const MODELS_OF_ACTIVITY = [
  {
    key: "decision_making_group",
    label: "Decision-making group",
    hint: "Agencies meet to plan and decide together; delivery stays with each agency.",
  },
  {
    key: "consultation_and_training",
    label: "Consultation and training",
    hint: "One agency's professionals build the skills of another's.",
  },
  {
    key: "centre_based_delivery",
    label: "Centre-based delivery",
    hint: "Services from several agencies in one place.",
  },
  {
    key: "coordinated_delivery",
    label: "Coordinated delivery",
    hint: "A coordinator pulls together services that stay in their agencies.",
  },
  {
    key: "operational_team_delivery",
    label: "Operational-team delivery",
    hint: "Professionals from several agencies work as one team with families.",
  },
] as const;
export type ModelOfActivityKey = (typeof MODELS_OF_ACTIVITY)[number]["key"];
export const MODEL_OF_ACTIVITY_KEYS = MODELS_OF_ACTIVITY.map((m) => m.key) as [
  ModelOfActivityKey,
  ...ModelOfActivityKey[],
];

/** Which sectors took part, in the combinations the study compared. */
export type AgencyCombination =
  | "health_social_services_education"
  | "social_services_education"
  | "health_education"
  | "health_social_services"
  | "single_sector"
  | "none";

export const AGENCY_COMBINATION_LABELS: Record<AgencyCombination, string> = {
  health_social_services_education: "Health, social services and education",
  social_services_education: "Social services and education",
  health_education: "Health and education",
  health_social_services: "Health and social services",
  single_sector: "One of the three sectors",
  none: "None of the three sectors",
};

/** The combination of the three main sectors among the given ones ("other" does not count). */
export function agencyCombination(sectors: Iterable<string>): AgencyCombination {
  const present = new Set(sectors);
  const health = present.has("health");
  const social = present.has("social_services");
  const education = present.has("education");
  if (health && social && education) return "health_social_services_education";
  if (social && education) return "social_services_education";
  if (health && education) return "health_education";
  if (health && social) return "health_social_services";
  if (health || social || education) return "single_sector";
  return "none";
}

export function labelOf<K extends string>(
  list: ReadonlyArray<{ key: K; label: string }>,
  key: string,
): string {
  return list.find((item) => item.key === key)?.label ?? key;
}

export const INITIATIVE_STATUSES = [
  { key: "active", label: "Active" },
  { key: "paused", label: "Paused" },
  { key: "closed", label: "Closed" },
] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number]["key"];

/** Suggestions for the target group field; any text is allowed. */
export const TARGET_GROUP_SUGGESTIONS = [
  "Children with special educational needs and disabilities",
  "Looked-after children",
  "Families under stress",
  "Children at risk of exclusion from school",
  "Young carers",
  "Under-fives and their families",
  "Young people at risk of offending",
] as const;
