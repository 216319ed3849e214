import type { AppContext } from "../server/context.js";
import { ConflictError, NotFoundError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import {
  type CompanyFilter,
  countCompanies,
  countTicketsOfCompany,
  deleteCompanyRow,
  domainTaken,
  findCompanies,
  findCompanyById,
  insertCompany,
  lockCompany,
  updateCompanyRow,
} from "./company.repository.js";
import type { Page } from "./directory.schema.js";
import { isForeignKeyViolation, isUniqueViolation } from "./pg-errors.js";

/**
 * A domain belongs to one company: incoming mail from someone@domain is matched to it, which
 * only works when the answer is unique.
 */
const domainClaimed = (domain: string) =>
  new ConflictError(`Another company already has the domain ${domain}`, [
    { field: "domain", message: "belongs to another company" },
  ]);

const hasTickets = (count: number) =>
  new ConflictError(
    `This company still has ${count} ticket${count === 1 ? "" : "s"}; a company with tickets cannot be deleted`,
  );

export async function findCompanyPage(ctx: AppContext, filter: CompanyFilter, page: Page) {
  const [results, count] = await Promise.all([
    findCompanies(ctx.db, filter, page),
    countCompanies(ctx.db, filter),
  ]);
  return { count, results };
}

export async function getCompany(ctx: AppContext, id: string) {
  const company = await findCompanyById(ctx.db, id);
  if (!company) throw new NotFoundError("Company", id);
  return company;
}

export async function createCompany(
  ctx: AppContext,
  input: { name: string; domain?: string | null | undefined },
) {
  const domain = input.domain ?? null;
  if (domain && (await domainTaken(ctx.db, domain))) throw domainClaimed(domain);
  const id = newId();
  try {
    await insertCompany(ctx.db, { id, name: input.name, domain });
  } catch (error) {
    if (domain && isUniqueViolation(error)) throw domainClaimed(domain);
    throw error;
  }
  return getCompany(ctx, id);
}

export async function updateCompany(
  ctx: AppContext,
  id: string,
  input: { name?: string | undefined; domain?: string | null | undefined },
) {
  await getCompany(ctx, id);
  const changes: { name?: string; domain?: string | null } = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.domain !== undefined) {
    if (input.domain && (await domainTaken(ctx.db, input.domain, id))) throw domainClaimed(input.domain);
    changes.domain = input.domain;
  }
  if (Object.keys(changes).length > 0) {
    try {
      await updateCompanyRow(ctx.db, id, changes);
    } catch (error) {
      if (changes.domain && isUniqueViolation(error)) throw domainClaimed(changes.domain);
      throw error;
    }
  }
  return getCompany(ctx, id);
}

/** SPEC §3.10: refused while the company has tickets (open or not); its contacts go with it. */
export async function deleteCompany(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await lockCompany(trx, id))) throw new NotFoundError("Company", id);
    const tickets = await countTicketsOfCompany(trx, id);
    if (tickets > 0) throw hasTickets(tickets);
    try {
      await deleteCompanyRow(trx, id);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw hasTickets(1);
      throw error;
    }
  });
}
