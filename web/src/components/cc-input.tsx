import { TagsInput } from "@mantine/core";
import { ApiError } from "../api/client";

/** The API copies at most this many addresses. */
const maxCc = 20;

type Props = {
  value: string[];
  onChange: (cc: string[]) => void;
  /** Addresses offered in the dropdown (the company's contacts); any other address may be typed. */
  suggestions: string[];
  label?: string;
  description?: string;
  error?: string;
  disabled?: boolean;
};

/** Addresses copied on the mail: typed (Enter, comma, semicolon or space ends one) or picked from the list. */
export function CcInput({ value, onChange, suggestions, label = "Cc", description, error, disabled }: Props) {
  return (
    <TagsInput
      label={label}
      description={description}
      placeholder={value.length ? undefined : "Add an address and press Enter"}
      data={[...new Set(suggestions)]}
      value={value}
      onChange={(addresses) => onChange(addresses.map((a) => a.trim()).filter(Boolean))}
      splitChars={[",", ";", " "]}
      maxTags={maxCc}
      error={error}
      disabled={disabled}
      clearable
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** The contacts' addresses, less the ones already on the mail (the ticket's contact). */
export function ccSuggestions(
  contacts: { email: string }[] | undefined,
  except: (string | null | undefined)[] = [],
): string[] {
  const skip = new Set(except.filter(Boolean).map((e) => e?.toLowerCase()));
  return (contacts ?? []).map((c) => c.email).filter((email) => !skip.has(email.toLowerCase()));
}

/**
 * The API's complaints about `cc` ("cc", or "cc.2" for one address), each naming the address it is about,
 * for showing under the field. `sent` is the list the failed request carried.
 */
export function ccFieldError(error: unknown, sent: string[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = error.details.flatMap((detail) => {
    if (detail.field === "cc") return [detail.message];
    const index = /^cc\.(\d+)$/.exec(detail.field)?.[1];
    if (index === undefined) return [];
    const address = sent[Number(index)];
    return [address ? `${address}: ${detail.message}` : detail.message];
  });
  return messages.length ? messages.join("; ") : undefined;
}
