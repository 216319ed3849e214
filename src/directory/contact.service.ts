import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { AppContext } from "../server/context.js";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { companyExists } from "./company.repository.js";
import {
  type ContactFilter,
  clearBouncingAddress,
  contactEmailTaken,
  countContacts,
  countTicketsOfContact,
  deleteContactRow,
  findContactById,
  findContacts,
  insertContact,
  updateContactRow,
} from "./contact.repository.js";
import type { Page } from "./directory.schema.js";
import { isForeignKeyViolation, isUniqueViolation } from "./pg-errors.js";

const emailTaken = (email: string) =>
  new ConflictError(`This company already has a contact with email ${email}`, [
    { field: "email", message: "is already taken in this company" },
  ]);

const noSuchCompany = () => ValidationError.field("company_id", "no such company");

export async function findContactPage(ctx: AppContext, filter: ContactFilter, page: Page) {
  const [results, count] = await Promise.all([
    findContacts(ctx.db, filter, page),
    countContacts(ctx.db, filter),
  ]);
  return { count, results };
}

async function getContactIn(db: Kysely<DB>, id: string) {
  const contact = await findContactById(db, id);
  if (!contact) throw new NotFoundError("Contact", id);
  return contact;
}

export function getContact(ctx: AppContext, id: string) {
  return getContactIn(ctx.db, id);
}

/** Emails are unique per company whatever their case; the same person may be a contact at two companies. */
export async function createContact(
  ctx: AppContext,
  input: { company_id: string; name: string; email: string; phone?: string | null | undefined },
) {
  if (!(await companyExists(ctx.db, input.company_id))) throw noSuchCompany();
  if (await contactEmailTaken(ctx.db, input.company_id, input.email)) throw emailTaken(input.email);
  const id = newId();
  try {
    await insertContact(ctx.db, {
      id,
      company_id: input.company_id,
      name: input.name,
      email: input.email,
      phone: input.phone ?? null,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(input.email);
    if (isForeignKeyViolation(error)) throw noSuchCompany();
    throw error;
  }
  return getContact(ctx, id);
}

/**
 * Moving a contact to another company is allowed only while it has no tickets: a ticket's
 * contact must belong to the ticket's company, and old tickets stay with the old company.
 */
export async function updateContact(
  ctx: AppContext,
  id: string,
  input: {
    company_id?: string | undefined;
    name?: string | undefined;
    email?: string | undefined;
    phone?: string | null | undefined;
    email_status?: "ok" | undefined;
  },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await getContactIn(trx, id);
    const companyId = input.company_id ?? current.company.id;
    const changes: Parameters<typeof updateContactRow>[2] = {};
    if (companyId !== current.company.id) {
      if (!(await companyExists(trx, companyId))) throw noSuchCompany();
      const tickets = await countTicketsOfContact(trx, id);
      if (tickets > 0) {
        throw new ConflictError(
          `This contact has ${tickets} ticket${tickets === 1 ? "" : "s"} with ${current.company.name}; create a new contact at the other company instead`,
          [{ field: "company_id", message: "cannot change once the contact has tickets" }],
        );
      }
      changes.company_id = companyId;
    }
    const email = input.email ?? current.email;
    if (email !== current.email || changes.company_id) {
      if (await contactEmailTaken(trx, companyId, email, id)) throw emailTaken(email);
      changes.email = email;
    }
    if (input.name !== undefined) changes.name = input.name;
    if (input.phone !== undefined) changes.phone = input.phone;
    // Someone checked the address (or gave a new one): mail may go there again. A bounce marks the address
    // on every contact that has it, so clearing it does too.
    if ((input.email_status === "ok" || changes.email) && current.email_status === "bouncing") {
      changes.email_status = "ok";
      changes.email_status_reason = null;
      if (input.email_status === "ok") await clearBouncingAddress(trx, current.email);
    }
    if (Object.keys(changes).length > 0) {
      try {
        await updateContactRow(trx, id, changes);
      } catch (error) {
        if (isUniqueViolation(error)) throw emailTaken(email);
        throw error;
      }
    }
    return getContactIn(trx, id);
  });
}

/** The contact's tickets stay, without a contact (SPEC §3.10). */
export async function deleteContact(ctx: AppContext, id: string): Promise<void> {
  if (!(await deleteContactRow(ctx.db, id))) throw new NotFoundError("Contact", id);
}
