import { beforeAll, expect, it } from "vitest";
import { requester } from "../directory/test-requests.js";
import { newId } from "../shared/ids.js";
import { findTeamId } from "../test/factories.js";
import { createTestUser, describeApi, type TestUser } from "../test/http.js";

type Embedded = {
  company: { name: string };
  contact: { name: string; email: string } | null;
  assigned_to: { name: string; email: string } | null;
  assigned_team: { name: string } | null;
  created_by: { name: string } | null;
  comments?: { author: { name: string; email: string } | null }[];
  attachments?: { uploaded_by: { name: string } | null }[];
};

/** The server remembers directory names between requests (directory-names.ts); a rename shows at once. */
describeApi("the names a ticket shows", (use) => {
  const call = requester(use);
  let admin: TestUser;
  let agent: TestUser;
  let ids: { company: string; contact: string; team: string; ticket: string };

  beforeAll(async () => {
    const { app } = use();
    admin = await createTestUser(app, { role: "admin", name: "Ada Admin" });
    agent = await createTestUser(app, { name: "Sam Agent", email: "sam@ticketdesk.example" });
    const company = (await call("POST", "/companies", agent, { name: "Soundwave Ltd" })).body;
    const contact = (
      await call("POST", "/contacts", agent, {
        company_id: company.id,
        name: "Rita Caller",
        email: "rita@soundwave.example",
      })
    ).body;
    const team = await findTeamId(app.ctx.db, "Sales");
    const ticket = await call("POST", "/tickets", agent, {
      company_id: company.id,
      contact_id: contact.id,
      assigned_to: agent.id,
      assigned_team: team,
      category: "general",
      subject: "Invoice shows the wrong plan",
      description: "Since the upgrade",
    });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    ids = { company: company.id, contact: contact.id, team, ticket: ticket.body.id };
    const reply = await call("POST", `/tickets/${ticket.body.id}/comments`, agent, {
      text: "Looking into it",
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    // A file row inserted directly: the upload itself is the attachments suite's business.
    await app.ctx.db
      .insertInto("ticket_attachments")
      .values({
        id: newId(),
        ticket_id: ticket.body.id,
        name: "invoice.pdf",
        size: 1200,
        content_type: "application/pdf",
        storage_key: `test/${newId()}`,
        uploaded_by: agent.id,
      })
      .execute();
  });

  const shown = async () => {
    const detail = (await call("GET", `/tickets/${ids.ticket}`, agent)).body as Embedded;
    const listed = (await call("GET", `/tickets?company_id=${ids.company}`, agent)).body
      .results[0] as Embedded;
    const pick = (t: Embedded) => ({
      company: t.company.name,
      contact: t.contact && [t.contact.name, t.contact.email],
      assignee: t.assigned_to && [t.assigned_to.name, t.assigned_to.email],
      team: t.assigned_team?.name,
      creator: t.created_by?.name,
    });
    expect(pick(listed)).toEqual(pick(detail));
    const author = detail.comments?.[0]?.author;
    return {
      ...pick(detail),
      commenter: author && [author.name, author.email],
      uploader: detail.attachments?.[0]?.uploaded_by?.name,
    };
  };

  it("shows the current names in the list and the detail, right after a rename", async () => {
    expect(await shown()).toEqual({
      company: "Soundwave Ltd",
      contact: ["Rita Caller", "rita@soundwave.example"],
      assignee: ["Sam Agent", "sam@ticketdesk.example"],
      team: "Sales",
      creator: "Sam Agent",
      commenter: ["Sam Agent", "sam@ticketdesk.example"],
      uploader: "Sam Agent",
    });
    expect(
      (await call("PATCH", `/companies/${ids.company}`, agent, { name: "Soundwave Group" })).status,
    ).toBe(200);
    expect(
      (await call("PATCH", `/contacts/${ids.contact}`, agent, { email: "rita@soundwave.test" })).status,
    ).toBe(200);
    expect((await call("PATCH", `/users/${agent.id}`, admin, { name: "Samantha Agent" })).status).toBe(200);
    expect((await call("PATCH", `/teams/${ids.team}`, admin, { name: "Sales & Renewals" })).status).toBe(200);
    expect(await shown()).toEqual({
      company: "Soundwave Group",
      contact: ["Rita Caller", "rita@soundwave.test"],
      assignee: ["Samantha Agent", "sam@ticketdesk.example"],
      team: "Sales & Renewals",
      creator: "Samantha Agent",
      commenter: ["Samantha Agent", "sam@ticketdesk.example"],
      uploader: "Samantha Agent",
    });
  });
});
