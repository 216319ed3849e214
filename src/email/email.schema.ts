import { z } from "zod";

export const failedMailSchema = z
  .object({
    id: z.uuid(),
    message_id: z.string(),
    received_via: z.enum(["smtp", "imap"]),
    mailbox_address: z.string().nullable(),
    from_address: z.string().nullable(),
    subject: z.string().nullable(),
    size: z.number().int(),
    error: z.string().nullable().describe("Why it could not be processed"),
    attempts: z.number().int(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .meta({ id: "FailedMail" });

export const failedMailListSchema = z
  .object({ count: z.number().int(), results: z.array(failedMailSchema) })
  .meta({ id: "FailedMailList" });

export const retriedMailSchema = z
  .object({
    outcome: z
      .string()
      .describe(
        "What became of it: new_ticket, reply, agent_reply, follow_up, bounce, ignored or failed (again)",
      ),
  })
  .meta({ id: "RetriedMail" });

export const notificationSettingsSchema = z
  .object({
    notify_assigned: z.boolean().describe("Mail me when a ticket is assigned to me"),
    notify_customer_replied: z.boolean().describe("Mail me when the customer replies on my ticket"),
    notify_new_ticket_in_team: z.boolean().describe("Mail me about new tickets in my team"),
  })
  .meta({ id: "NotificationSettings" });

export const updateNotificationSettingsBody = z.strictObject({
  notify_assigned: z.boolean().optional(),
  notify_customer_replied: z.boolean().optional(),
  notify_new_ticket_in_team: z.boolean().optional(),
});
