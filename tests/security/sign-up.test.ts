import { afterAll, beforeEach, describe, expect, test, vi } from "vitest";
import { prepareSetupCode, setupCodeNotice } from "~/modules/accounts/first-administrator.server";
import { action as signInAction } from "~/routes/sign-in";
import { action as signUpAction, loader as signUpLoader } from "~/routes/sign-up";
import { verifyLogin } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { TOO_MANY_ATTEMPTS } from "~/utils/rate-limit.server";
import { createAgency } from "../fixtures";

/**
 * Creating an account: it must not reveal whether an address is registered, must refuse
 * guessable passwords with advice, and must not let just anyone become the first administrator.
 * Through the real actions, as the browser's form posts them.
 */
const { ADMIN_EMAIL } = vi.hoisted(() => {
  // Read when the environment is first parsed, as the server does at start.
  process.env.ADMIN_EMAIL = "named.admin@example.gov.uk";
  return { ADMIN_EMAIL: "named.admin@example.gov.uk" };
});

afterAll(() => {
  delete process.env.ADMIN_EMAIL;
});

const PASSWORD = "quartz meadow lantern";
const ELSEWHERE = "203.0.113.7";
let agencyId: string;
let attempt = 0;

beforeEach(async () => {
  // Each test starts from an empty portal: no accounts, no administrator, no set-up codes.
  await prisma.user.deleteMany();
  await prisma.setupCode.deleteMany();
  agencyId = (await createAgency()).id;
});

type Answer = { status: number; headers: Headers; location: string | null; body: unknown };

/** Normalises what an action answered (a Response, or Remix's data with a status) for comparing. */
async function answerOf(result: unknown): Promise<Answer> {
  if (result instanceof Response) {
    return { status: result.status, headers: result.headers, location: result.headers.get("Location"), body: await result.text() };
  }
  const withInit = result as { data: unknown; init: { status?: number; headers?: HeadersInit } | null };
  return { status: withInit.init?.status ?? 200, headers: new Headers(withInit.init?.headers), location: null, body: withInit.data };
}

function form(fields: Record<string, string>) {
  return new URLSearchParams({
    name: "Asha Patel",
    email: "asha.patel@example.gov.uk",
    password: PASSWORD,
    jobTitle: "Social worker",
    agencyId,
    ...fields,
  });
}

/** Posts the sign-up form from `clientAddress` (by default somewhere else on the internet, a new address each time). */
async function signUp(
  fields: Record<string, string> = {},
  { clientAddress, headers = {} }: { clientAddress?: string; headers?: Record<string, string> } = {},
) {
  attempt += 1;
  const request = new Request("http://localhost/sign-up", { method: "POST", body: form(fields), headers });
  // NOTE: a new address each time, so that the sign-up limit (per address) does not end the test early.
  const context = { cspNonce: "", clientAddress: clientAddress ?? `203.0.113.${attempt % 250}` };
  return answerOf(await signUpAction({ request, params: {}, context }));
}

async function signIn(email: string, password = PASSWORD) {
  attempt += 1;
  const request = new Request("http://localhost/sign-in", { method: "POST", body: new URLSearchParams({ email, password }) });
  return answerOf(await signInAction({ request, params: {}, context: { cspNonce: "", clientAddress: `198.51.100.${attempt % 250}` } }));
}

const userOf = (email: string) => prisma.user.findUnique({ where: { email }, select: { isAdmin: true, emailVerifiedAt: true } });
const fieldErrors = (answer: Answer) => (answer.body as { error?: Record<string, string[] | null> }).error ?? {};
const askedForSetupCode = async () =>
  (await signUpLoader({ request: new Request("http://localhost/sign-up"), params: {}, context: { cspNonce: "", clientAddress: ELSEWHERE } }))
    .askSetupCode;

describe("an address that already has an account", () => {
  test("gets exactly the answer a new address gets, and neither is signed in", async () => {
    const first = await signUp({ email: "kim.okoro@example.gov.uk" });
    const again = await signUp({ email: "kim.okoro@example.gov.uk", name: "Someone Else", password: "velvet harbour pigeon" });
    for (const answer of [first, again]) {
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Set-Cookie")).toBeNull();
    }
    expect([...again.headers.keys()]).toEqual([...first.headers.keys()]);
    expect(again.location).toBe(first.location);
    expect(again.body).toBe(first.body);
    // To the sign-in page, which says what happens next, with the address filled in.
    const next = new URL(first.location!, "http://localhost");
    expect(next.pathname).toBe("/sign-in");
    expect(next.searchParams.get("signedUp")).toBe("1");
    expect(next.searchParams.get("email")).toBe("kim.okoro@example.gov.uk");
    // The account is the first one, unchanged: its password still works, the second does not.
    expect(await verifyLogin("kim.okoro@example.gov.uk", PASSWORD)).not.toBeNull();
    expect(await verifyLogin("kim.okoro@example.gov.uk", "velvet harbour pigeon")).toBeNull();
    expect(await prisma.session.count()).toBe(0);
  });

  test("with a new agency, the agency is not added either", async () => {
    await signUp({ email: "lee.ward@example.gov.uk" });
    const again = await signUp({ email: "lee.ward@example.gov.uk", agencyId: "", newAgencyName: "Ghost Agency", newAgencySector: "other" });
    expect(again.status).toBe(302);
    expect(await prisma.agency.findFirst({ where: { name: "Ghost Agency" } })).toBeNull();
  });

  test("a mistake in the form gets the same message whether or not the address is registered", async () => {
    await signUp({ email: "ola.ben@example.gov.uk" });
    const registered = await signUp({ email: "ola.ben@example.gov.uk", agencyId: "no-such-agency" });
    const unregistered = await signUp({ email: "new.person@example.gov.uk", agencyId: "no-such-agency" });
    expect(registered.status).toBe(400);
    expect(fieldErrors(registered)).toEqual(fieldErrors(unregistered));
  });
});

describe("passwords", () => {
  test.each([
    ["password1234", "many people use"],
    ["Password123!", "many people use"],
    ["123456789012", "many people use"],
    ["iloveyou1234", "many people use"],
    ["qwertyuiop12", "many people use"],
    ["zaq12wsxcde3", "many people use"],
    ["aaaaaaaaaaaa", "repeats"],
    ["abcdefghijkl", "sequence"],
    ["Summer2024!!", "a word with a year or symbols added"],
    ["Welcome2025!!", "a word with a year or symbols added"],
    ["AshaPatel2026!", "your name, email address, job or agency"],
    ["socialworker1", "your name, email address, job or agency"],
    ["Partnership2026!", "the portal’s name"],
    ["coffee train fish", "the example we gave"],
  ])("%s is refused, saying why and how to make a strong one", async (password, why) => {
    const answer = await signUp({ email: `weak-${attempt}@example.gov.uk`, password });
    expect(answer.status).toBe(400);
    const [message] = fieldErrors(answer).password ?? [];
    expect(message).toContain(why);
    expect(message).toMatch(/three random words/);
    expect(message).not.toContain(password);
    expect(await prisma.user.count()).toBe(0);
  });

  test("a guessable password is pointed out together with the form's other mistakes", async () => {
    const answer = await signUp({ password: "Password123!", jobTitle: "", agencyId: "" });
    expect(answer.status).toBe(400);
    expect(Object.keys(fieldErrors(answer))).toEqual(expect.arrayContaining(["password", "jobTitle", "agencyId"]));
    expect(fieldErrors(answer).password?.[0]).toMatch(/many people use/);
  });

  test("fewer than 12 characters is refused", async () => {
    const answer = await signUp({ password: "violet mole" });
    expect(fieldErrors(answer).password).toEqual(["Your password must be at least 12 characters"]);
  });

  test.each(["quartz meadow lantern", "velvet harbour pigeon", "bluehousecar", "Tr0ub4dor&3xyz"])("%s is accepted", async (password) => {
    const answer = await signUp({ email: `strong-${attempt}@example.gov.uk`, password });
    expect(answer.status).toBe(302);
  });
});

describe("the first administrator", () => {
  test.each(["127.0.0.1", "::1", "::ffff:127.0.0.1"])(
    "from the machine itself (%s), the first account becomes the administrator; the next does not",
    async (address) => {
      await signUp({ email: "first@example.gov.uk" }, { clientAddress: address });
      await signUp({ email: "second@example.gov.uk" }, { clientAddress: address });
      expect(await userOf("first@example.gov.uk")).toEqual({ isAdmin: true, emailVerifiedAt: null });
      expect(await userOf("second@example.gov.uk")).toMatchObject({ isAdmin: false });
    },
  );

  test("from elsewhere, the first account is an ordinary account, and the page goes on asking for the set-up code", async () => {
    expect(await askedForSetupCode()).toBe(true);
    await signUp({ email: "first@example.gov.uk" });
    expect(await userOf("first@example.gov.uk")).toMatchObject({ isAdmin: false });
    expect(await askedForSetupCode()).toBe(true);
  });

  test.each<Record<string, string>>([{ "X-Forwarded-For": "203.0.113.9" }, { Forwarded: "for=203.0.113.9" }, { "X-Real-IP": "203.0.113.9" }])(
    "through a proxy on the same machine (%o), it counts as elsewhere",
    async (headers) => {
      await signUp({ email: "first@example.gov.uk" }, { clientAddress: "127.0.0.1", headers });
      expect(await userOf("first@example.gov.uk")).toMatchObject({ isAdmin: false });
    },
  );

  test("with the set-up code printed at start, from elsewhere, the account is the administrator with a verified address; the code works once", async () => {
    const prepared = await prepareSetupCode(undefined);
    if (prepared.kind !== "new") throw new Error(`expected a new code, got ${prepared.kind}`);
    expect(prepared.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(setupCodeNotice(prepared)).toContain(prepared.code);
    // Typed as a person might: lower case, spaces for dashes.
    const typed = prepared.code.toLowerCase().replace(/-/g, " ");
    expect((await signUp({ email: "setter.upper@example.gov.uk", setupCode: typed })).status).toBe(302);
    const admin = await userOf("setter.upper@example.gov.uk");
    expect(admin?.isAdmin).toBe(true);
    expect(admin?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await askedForSetupCode()).toBe(false);

    const again = await signUp({ email: "second.try@example.gov.uk", setupCode: prepared.code });
    expect(again.status).toBe(400);
    expect(fieldErrors(again).setupCode?.[0]).toMatch(/does not work/);
    expect(await userOf("second.try@example.gov.uk")).toBeNull();
    // Only its hash was ever stored.
    const stored = await prisma.setupCode.findMany();
    expect(JSON.stringify(stored)).not.toContain(prepared.code.replace(/-/g, ""));
  });

  test("a wrong code is refused with a message, and nothing is created", async () => {
    await prepareSetupCode(undefined);
    const answer = await signUp({ email: "guess@example.gov.uk", setupCode: "AAAA-BBBB-CCCC" });
    expect(answer.status).toBe(400);
    expect(fieldErrors(answer).setupCode?.[0]).toMatch(/Copy the code printed in the server’s log/);
    expect(await prisma.user.count()).toBe(0);
  });

  test("a code printed by another instance stops working once the first administrator exists", async () => {
    const one = await prepareSetupCode(undefined);
    const other = await prepareSetupCode(undefined);
    if (one.kind !== "new" || other.kind !== "new") throw new Error("expected two new codes");
    expect((await signUp({ email: "one@example.gov.uk", setupCode: one.code })).status).toBe(302);
    expect((await signUp({ email: "other@example.gov.uk", setupCode: other.code })).status).toBe(400);
    expect(await prepareSetupCode(undefined)).toEqual({ kind: "not needed" });
  });

  test("SETUP_CODE set by the operator works once, and the log does not print it", async () => {
    const prepared = await prepareSetupCode("Northshire-Setup-2026");
    expect(prepared).toEqual({ kind: "from the environment" });
    expect(setupCodeNotice(prepared)).not.toMatch(/Northshire-Setup-2026/i);
    expect((await signUp({ email: "ops@example.gov.uk", setupCode: "NORTHSHIRE-SETUP-2026" })).status).toBe(302);
    expect(await userOf("ops@example.gov.uk")).toMatchObject({ isAdmin: true });
    // The administrator is later removed: the used code does not come back; a new one is printed.
    await prisma.user.updateMany({ data: { isAdmin: false } });
    const next = await prepareSetupCode("Northshire-Setup-2026");
    expect(next.kind).toBe("new");
    expect((await signUp({ email: "ops2@example.gov.uk", setupCode: "Northshire-Setup-2026" })).status).toBe(400);
  });

  test("ADMIN_EMAIL does not make an account with an unverified address the administrator, at sign-up or sign-in", async () => {
    expect(getEnv().ADMIN_EMAIL).toBe(ADMIN_EMAIL);
    await signUp({ email: "someone.first@example.gov.uk" });
    await signUp({ email: ADMIN_EMAIL });
    expect((await signIn(ADMIN_EMAIL)).status).toBe(302);
    expect(await userOf(ADMIN_EMAIL)).toMatchObject({ isAdmin: false });
  });

  test("ADMIN_EMAIL gives administration back, at sign-in, to the account created with the set-up code", async () => {
    const prepared = await prepareSetupCode(undefined);
    if (prepared.kind !== "new") throw new Error("expected a new code");
    await signUp({ email: ADMIN_EMAIL, setupCode: prepared.code });
    await prisma.user.update({ where: { email: ADMIN_EMAIL }, data: { isAdmin: false } });
    expect((await signIn(ADMIN_EMAIL)).status).toBe(302);
    expect(await userOf(ADMIN_EMAIL)).toMatchObject({ isAdmin: true });
  });
});

describe("the sign-in and sign-up limits", () => {
  /** A body that counts how much of it was read, and would be 64 MB if read to the end. */
  function watchedBody() {
    const read = { chunks: 0 };
    const chunk = new TextEncoder().encode(`name=${"x".repeat(64 * 1024)}`);
    let left = 1024;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        read.chunks += 1;
        if (left-- > 0) controller.enqueue(chunk);
        else controller.close();
      },
    });
    return { stream, read };
  }

  test.each([
    ["sign-in", signInAction],
    ["sign-up", signUpAction],
  ] as const)("over the limit, %s answers 429 with its message before reading the form", async (name, action) => {
    const clientAddress = `rate-limit-${name}`;
    const limit = getEnv().AUTH_RATE_LIMIT_PER_MINUTE;
    for (let i = 0; i < limit; i += 1) {
      const ok = await answerOf(
        await action({
          request: new Request(`http://localhost/${name}`, { method: "POST", body: new URLSearchParams() }),
          params: {},
          context: { cspNonce: "", clientAddress },
        }),
      );
      expect(ok.status).toBe(400);
    }
    const huge = watchedBody();
    const request = new Request(`http://localhost/${name}`, {
      method: "POST",
      body: huge.stream,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit);
    const refused = await answerOf(await action({ request, params: {}, context: { cspNonce: "", clientAddress } }));
    expect(refused.status).toBe(429);
    expect(fieldErrors(refused)[""]).toEqual([TOO_MANY_ATTEMPTS]);
    expect(request.bodyUsed).toBe(false);
    expect(huge.read.chunks).toBeLessThanOrEqual(1);

    // A malformed body is refused the same way, not with a server error.
    const malformed = new Request(`http://localhost/${name}`, {
      method: "POST",
      body: "--broken\r\nnot a form",
      headers: { "Content-Type": "multipart/form-data; boundary=missing" },
    });
    const alsoRefused = await answerOf(await action({ request: malformed, params: {}, context: { cspNonce: "", clientAddress } }));
    expect(alsoRefused.status).toBe(429);
  });
});
