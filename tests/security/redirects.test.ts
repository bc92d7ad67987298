import { beforeAll, describe, expect, test } from "vitest";
import { action as signInAction } from "~/routes/sign-in";
import { action as signUpAction } from "~/routes/sign-up";
import { hashPassword, safeRedirectPath } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { createAgency } from "../fixtures";

/**
 * Open redirects: after signing in (or up), `redirectTo` may only name a page of this portal.
 * Every shape below has been used to leave a site through a "return to" parameter; each must
 * land on the person's home page instead, through the real sign-in action.
 */
const HOME = "/initiatives";
const PASSWORD = "quartz meadow lantern";

const BYPASSES: string[] = [
  // Protocol-relative and absolute addresses.
  "//evil.example",
  "//evil.example/initiatives",
  "///evil.example",
  "////evil.example",
  "https://evil.example",
  "http://evil.example",
  "HTTPS://evil.example",
  "https:/evil.example",
  "https:evil.example",
  "http:evil.example",
  "http://localhost@evil.example",
  "//evil.example@localhost",
  "evil.example",
  "@evil.example",
  // Backslashes, which browsers read as slashes.
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\\\evil.example",
  "http:\\\\evil.example",
  "/./\\evil.example",
  // Percent-encoded slashes and backslashes, once and twice.
  "/%2F%2Fevil.example",
  "/%2f%2fevil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
  "/%5cevil.example",
  "%5C%5Cevil.example",
  "/%252F%252Fevil.example",
  "/%255Cevil.example",
  "/%2F/evil.example",
  // Dot segments that a URL parser folds into "//".
  "/.//evil.example",
  "/..//evil.example",
  "/%2e//evil.example",
  "/%2e%2e//evil.example",
  "/a/..//evil.example",
  // Schemes that run script or carry a page.
  "javascript:alert(1)",
  "JavaScript:alert(document.cookie)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  // Whitespace and control characters, which URL parsers drop or headers split on.
  " //evil.example",
  "\t//evil.example",
  "\n//evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "/ /evil.example",
  "//\tevil.example",
  "/%09/evil.example",
  "/%0d%0a/evil.example",
  "/\u0000",
  "/\u0000//evil.example",
  "/%00",
  "/\u007f//evil.example",
  "/\u2028//evil.example",
  "/\uff0f\uff0fevil.example",
  // Header injection through CR/LF.
  "/\r\nSet-Cookie: portal_session=attacker",
  "/\r\nLocation: https://evil.example",
  "/%0d%0aSet-Cookie:%20portal_session=attacker",
  // Nothing useful, or too long to be a page address.
  "",
  " ",
  `/${"a".repeat(2000)}`,
];

const LEGITIMATE: Array<[string, string]> = [
  ["/initiatives", "/initiatives"],
  ["/initiatives/abc123/updates?page=2#post-7", "/initiatives/abc123/updates?page=2#post-7"],
  ["/invitations/tok_A-b9", "/invitations/tok_A-b9"],
  ["/activity?agency=health&q=looked+after%20children", "/activity?agency=health&q=looked+after%20children"],
  // A query may hold anything encoded: it is not where the browser goes.
  ["/initiatives?back=%2F%2Felsewhere", "/initiatives?back=%2F%2Felsewhere"],
  ["/account#sessions", "/account#sessions"],
  // Dot segments inside the portal resolve as a browser would.
  ["/initiatives/../my-actions", "/my-actions"],
];

let email: string;

beforeAll(async () => {
  const agency = await createAgency();
  email = `redirects-${Date.now()}@example.gov.uk`;
  await prisma.user.create({
    data: { email, name: "Rae Dixon", jobTitle: "Practitioner", agencyId: agency.id, password: { create: { hash: await hashPassword(PASSWORD) } } },
  });
});

let attempt = 0;

/** Signs in through the real action, with `redirectTo` as a browser would post it; the Location answered. */
async function signInWith(redirectTo: string) {
  const body = new URLSearchParams({ email, password: PASSWORD, redirectTo });
  const request = new Request("http://localhost/sign-in", { method: "POST", body });
  // A fresh address each time, so that the sign-in limit does not end the test early.
  attempt += 1;
  const response = (await signInAction({ request, params: {}, context: { cspNonce: "", clientAddress: `redirect-test-${attempt}` } })) as Response;
  expect(response.status).toBe(302);
  expect(response.headers.get("Set-Cookie")).toMatch(/^portal_session=/);
  return response.headers.get("Location");
}

describe("after signing in", () => {
  const named = BYPASSES.map((shape) => [JSON.stringify(shape).slice(0, 60), shape] as const);
  test.each(named)("%s goes to the home page", async (_name, shape) => {
    const location = await signInWith(shape);
    expect(location).toBe(HOME);
    // And the browser would stay on the portal: resolved as a browser does, the origin is ours.
    expect(new URL(location!, "https://portal.example").origin).toBe("https://portal.example");
  });

  test.each(LEGITIMATE)("a page of the portal, %s, is where the person goes", async (asked, expected) => {
    expect(await signInWith(asked)).toBe(expected);
  });

  test("no header but Location and the cookie comes from a redirectTo with CR/LF in it", async () => {
    const body = new URLSearchParams({ email, password: PASSWORD, redirectTo: "/\r\nSet-Cookie: portal_session=attacker" });
    const response = (await signInAction({
      request: new Request("http://localhost/sign-in", { method: "POST", body }),
      params: {},
      context: { cspNonce: "", clientAddress: "redirect-test-crlf" },
    })) as Response;
    expect(response.headers.getSetCookie()).toHaveLength(1);
    expect(response.headers.getSetCookie()[0]).not.toContain("attacker");
  });
});

describe("after creating an account", () => {
  test("an unsafe redirectTo is dropped on the way to the sign-in page; a safe one is carried on", async () => {
    const agency = await createAgency();
    const answer = async (redirectTo: string, index: number) => {
      const body = new URLSearchParams({
        name: "Kit Marsh",
        email: `kit-${index}-${Date.now()}@example.gov.uk`,
        password: PASSWORD,
        jobTitle: "Youth worker",
        agencyId: agency.id,
        redirectTo,
      });
      const response = (await signUpAction({
        request: new Request("http://localhost/sign-up", { method: "POST", body }),
        params: {},
        context: { cspNonce: "", clientAddress: `redirect-sign-up-${index}` },
      })) as Response;
      const location = new URL(response.headers.get("Location")!, "http://localhost");
      expect(location.pathname).toBe("/sign-in");
      return location.searchParams.get("redirectTo");
    };
    expect(await answer("//evil.example", 1)).toBeNull();
    expect(await answer("/\t/evil.example", 2)).toBeNull();
    expect(await answer("/invitations/tok_1", 3)).toBe("/invitations/tok_1");
  });
});

describe("safeRedirectPath", () => {
  test("never returns anything a browser would take off the portal, for every shape and every fallback", () => {
    for (const shape of BYPASSES) {
      expect(safeRedirectPath(shape), JSON.stringify(shape)).toBe(HOME);
      expect(safeRedirectPath(shape, "/account"), JSON.stringify(shape)).toBe("/account");
    }
    expect(safeRedirectPath(null)).toBe(HOME);
    expect(safeRedirectPath(undefined)).toBe(HOME);
  });
});
