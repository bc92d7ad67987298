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
type SectorKey = (typeof SECTORS)[number]["key"];
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
export const MODEL_OF_ACTIVITY_KEYS = MODELS_OF_ACTIVITY.map((m) => m.key) as [ModelOfActivityKey, ...ModelOfActivityKey[]];

/** Which sectors took part, in the combinations the study compared. */
export type AgencyCombination =
  "health_social_services_education" | "social_services_education" | "health_education" | "health_social_services" | "single_sector" | "none";

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

export function labelOf<K extends string>(list: ReadonlyArray<{ key: K; label: string }>, key: string): string {
  return list.find((item) => item.key === key)?.label ?? key;
}

export const INITIATIVE_STATUSES = [
  { key: "active", label: "Active" },
  { key: "paused", label: "Paused" },
  { key: "closed", label: "Closed" },
] as const;

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

/**
 * The success factors of the self-assessment. `statement` is what members rate from 1
 * (strongly disagree) to 5 (strongly agree); `whyItMatters` is what the study found, shown on
 * demand; `stressedFor` lists the agency combinations where the study found it nominated more.
 */
export type SuccessFactor = {
  key: string;
  label: string;
  statement: string;
  whyItMatters: string;
  stressedFor: ReadonlyArray<AgencyCombination | "all">;
};

export const SUCCESS_FACTORS = [
  {
    key: "commitment",
    label: "Commitment of those involved",
    statement: "The people and agencies in this partnership are committed to making it work.",
    whyItMatters: "Commitment was named the key factor for success more than any other: by about 40% of the initiatives in the study.",
    stressedFor: ["all"],
  },
  {
    key: "relationships",
    label: "Good working relationships",
    statement: "We have good working relationships across the agencies.",
    whyItMatters: "Good working relationships were the second most often named factor for success (about 24% of initiatives).",
    stressedFor: ["all"],
  },
  {
    key: "strategic_meetings",
    label: "Regular strategic planning meetings",
    statement: "We meet regularly, as professionals, to plan the partnership's work strategically.",
    whyItMatters: "Regular professional meetings for strategic planning were another key factor the study found.",
    stressedFor: ["all"],
  },
  {
    key: "leadership",
    label: "Leadership and drive",
    statement: "The partnership has clear leadership and the drive to move things forward.",
    whyItMatters: "Named the key factor by about 19% of initiatives, and especially where health, social services and education worked together.",
    stressedFor: ["health_social_services_education"],
  },
  {
    key: "joint_funding",
    label: "Joint funding",
    statement: "The agencies fund this work jointly, and the funding is secure enough to plan with.",
    whyItMatters: "Where all three services worked together, joint funding was named a key feature.",
    stressedFor: ["health_social_services_education"],
  },
  {
    key: "clear_focus",
    label: "A clear focus for the work",
    statement: "Everyone knows what this partnership is for and what it is not for.",
    whyItMatters: "Named more often where social services and education worked together.",
    stressedFor: ["social_services_education"],
  },
  {
    key: "joint_ownership",
    label: "Joint ownership",
    statement: "Every agency feels the partnership belongs to it, not to one lead agency.",
    whyItMatters: "Named more often where social services and education worked together.",
    stressedFor: ["social_services_education"],
  },
  {
    key: "common_aims",
    label: "Common aims",
    statement: "The agencies share the same aims for the children and families we work with.",
    whyItMatters: "A key factor where health and education worked together.",
    stressedFor: ["health_education"],
  },
  {
    key: "relevant_professionals",
    label: "The relevant professionals involved",
    statement: "The professionals who need to be involved are involved.",
    whyItMatters: "A key factor where health and education worked together.",
    stressedFor: ["health_education"],
  },
  {
    key: "history",
    label: "A history of close working",
    statement: "We build on a history of close inter-agency working in this area.",
    whyItMatters: "Interviewees said a history of close inter-agency relationships helped; it is context, not something to fix quickly.",
    stressedFor: [],
  },
  {
    key: "council_context",
    label: "The local council's characteristics",
    statement: "The way our council is organised helps this partnership.",
    whyItMatters: "The influence of each council's own characteristics was raised: context to be aware of.",
    stressedFor: [],
  },
  {
    key: "time_for_relationships",
    label: "Time to develop relationships",
    statement: "We make time to develop relationships with the other agencies.",
    whyItMatters: "Time to build relationships was hard to find, but seen as worthwhile in future savings and better ways of working.",
    stressedFor: [],
  },
] as const satisfies ReadonlyArray<SuccessFactor>;
export type SuccessFactorKey = (typeof SUCCESS_FACTORS)[number]["key"];

/** The factors the study stresses for an initiative's combination of sectors (and for all). */
export function factorsStressedFor(combination: AgencyCombination): SuccessFactorKey[] {
  return SUCCESS_FACTORS.filter((factor) => (factor.stressedFor as ReadonlyArray<string>).some((c) => c === "all" || c === combination)).map(
    (factor) => factor.key,
  );
}

/** Challenges, rated by severity. Funding and resources was the major one in the study (32%). */
export const CHALLENGES = [
  { key: "funding_resources", label: "Funding and resources", whyItMatters: "The major challenge: named by about 32% of initiatives." },
  { key: "time", label: "Lack of time", whyItMatters: "The next most named challenge (about 14%)." },
  { key: "different_approaches", label: "Different approaches or ways of working", whyItMatters: "Agencies' cultures and procedures differ." },
  { key: "role_clarity", label: "Clarifying roles", whyItMatters: "Who does what between agencies needed working out." },
  { key: "competing_priorities", label: "Competing priorities or demands", whyItMatters: "Each agency has its own pressures." },
  { key: "recruitment", label: "Recruitment", whyItMatters: "Finding and keeping the right staff." },
] as const;
export type ChallengeKey = (typeof CHALLENGES)[number]["key"];

export const CHALLENGE_SEVERITIES = [
  { key: "none", label: "Not a challenge" },
  { key: "minor", label: "Minor" },
  { key: "significant", label: "Significant" },
  { key: "major", label: "Major" },
] as const;

/** Benefits a partnership records having gained. */
export const BENEFITS = [
  { key: "understanding_roles", label: "Better understanding of each agency's roles and responsibilities" },
  { key: "communication", label: "Improved communication and information sharing" },
  { key: "relationships", label: "Better working relationships" },
  { key: "forum_for_issues", label: "A forum to address issues between agencies" },
] as const;
export type BenefitKey = (typeof BENEFITS)[number]["key"];
