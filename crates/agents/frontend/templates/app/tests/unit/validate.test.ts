import { describe, expect, it } from "vitest";

import type { FieldSpec } from "../../src/entities/types";
import { validate, validateField } from "../../src/validate";
import { initialValues, toBody } from "../../src/values";

const title: FieldSpec = { name: "title", label: "Title", kind: "string", required: true, create: true, update: true, minLength: 3, maxLength: 10 };
const stars: FieldSpec = { name: "stars", label: "Stars", kind: "integer", required: false, create: true, update: true, minimum: 1, maximum: 5 };
const price: FieldSpec = { name: "price", label: "Price", kind: "money", required: true, create: true, update: true, minimum: 1, maximum: 10000, currency: "USD" };
const slug: FieldSpec = { name: "slug", label: "Slug", kind: "string", required: false, create: true, update: true, pattern: "^[a-z0-9-]+$" };
const status: FieldSpec = { name: "status", label: "Status", kind: "enum", required: false, create: true, update: true, values: ["draft", "done"] };

describe("validate", () => {
  it("requires required fields on create, and keeps them from being cleared", () => {
    expect(validateField(title, "", true)).toBe("Title is required.");
    expect(validateField(title, null, false)).toBeNull();
    expect(validateField(title, "", false)).toBe("Title is required.");
  });

  it("checks lengths, numbers, patterns and choices", () => {
    expect(validateField(title, "ab", true)).toMatch(/at least 3/);
    expect(validateField(title, "x".repeat(11), true)).toMatch(/at most 10/);
    expect(validateField(stars, "6", true)).toMatch(/at most 5/);
    expect(validateField(stars, "2.5", true)).toMatch(/whole number/);
    expect(validateField(price, "100.01", true)).toMatch(/at most 100.00/);
    expect(validateField(price, "12.50", true)).toBeNull();
    expect(validateField(slug, "Not A Slug", true)).toMatch(/format/);
    expect(validateField(status, "gone", true)).toMatch(/options/);
  });

  it("collects every problem of a form", () => {
    expect(Object.keys(validate([title, stars], { title: "", stars: "9" }, true))).toEqual(["title", "stars"]);
  });
});

describe("toBody", () => {
  it("converts inputs to the contract's types and leaves out empty optionals", () => {
    const values = { title: "Soup", stars: "4", price: "12.50", slug: "", status: "" };
    expect(toBody([title, stars, price, slug, status], values, {}, true)).toEqual({ title: "Soup", stars: 4, price: 1250 });
  });

  it("sends only changes on update, and clears with null", () => {
    const initial = initialValues([title, stars, price], { title: "Soup", stars: 4, price: 1250 });
    expect(initial).toEqual({ title: "Soup", stars: "4", price: "12.50" });
    const body = toBody([title, stars, price], { ...initial, title: "Stew", stars: "" }, initial, false);
    expect(body).toEqual({ title: "Stew", stars: null });
  });
});
