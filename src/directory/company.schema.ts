import { z } from "zod";
import { listOf, nameField, pageQuery, searchQuery } from "./directory.schema.js";

export const companySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    domain: z.string().nullable().describe("Email domain of its people, for matching incoming mail"),
    tickets_count: z.number().int(),
    open_tickets_count: z.number().int().describe("Tickets not resolved or closed"),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .meta({ id: "Company" });

export const companyListSchema = listOf(companySchema, "CompanyList");

export const companyListQuery = z.strictObject({
  search: searchQuery.describe("Part of the name or domain"),
  ...pageQuery(),
});

const domainPattern = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** A bare domain (example.com), lower-cased; "" or null clears it. */
export const domainField = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .refine((value) => value === "" || domainPattern.test(value), "must be a domain name such as example.com")
  .transform((value) => value || null)
  .nullable();

export const createCompanyBody = z.strictObject({
  name: nameField(200),
  domain: domainField.optional(),
});

export const updateCompanyBody = z.strictObject({
  name: nameField(200).optional(),
  domain: domainField.optional(),
});
