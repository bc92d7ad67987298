import { describe, expect, test } from "vitest";
import { refusalErrors, refused } from "./refusal";

describe("a refusal as a form's errors", () => {
  test("next to the field it names, else the page's field, else above the form", () => {
    expect(refusalErrors(refused("Choose a later date", "date"))).toEqual({ fieldErrors: { date: ["Choose a later date"] } });
    expect(refusalErrors(refused("Too long", "title"), "body")).toEqual({ fieldErrors: { title: ["Too long"] } });
    expect(refusalErrors(refused("Observers cannot reply."), "body")).toEqual({ fieldErrors: { body: ["Observers cannot reply."] } });
    expect(refusalErrors(refused("This round has closed."))).toEqual({ formErrors: ["This round has closed."] });
  });
});
