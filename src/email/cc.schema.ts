import { z } from "zod";
import { emailSchema } from "../directory/user.schema.js";

/** Addresses copied on a ticket's mail: lower-cased, each once, at most 20. */
export const ccSchema = z
  .array(emailSchema)
  .max(20, "at most 20 addresses")
  .transform((addresses) => [...new Set(addresses)]);
