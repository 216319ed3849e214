import type { Random } from "./random.js";
import {
  cities,
  detailSentences,
  devices,
  genres,
  internalNotes,
  plans,
  problemSentences,
  publicReplies,
  subjects,
  weekdays,
  zones,
} from "./vocabulary.js";

/**
 * Words planted in ticket descriptions at exact rates, for search benchmarks: ticket number i
 * (0-based, in creation order) mentions `word` when i % every === offset. No other demo text
 * contains them, so a search for one matches exactly probeTicketCount(probe, tickets) tickets.
 */
export const searchProbes = [
  { word: "aurora", every: 10, offset: 3 },
  { word: "borealis", every: 100, offset: 7 },
  { word: "cygnus", every: 1_000, offset: 11 },
  { word: "draco", every: 10_000, offset: 13 },
] as const;

export type SearchProbe = (typeof searchProbes)[number];

export function probeTicketCount(probe: SearchProbe, tickets: number): number {
  return tickets > probe.offset ? Math.floor((tickets - 1 - probe.offset) / probe.every) + 1 : 0;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function fill(rng: Random, template: string, name: string): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case "zone":
        return rng.pick(zones);
      case "device":
        return rng.pick(devices);
      case "plan":
        return rng.pick(plans);
      case "city":
        return rng.pick(cities);
      case "genre":
        return rng.pick(genres);
      case "weekday":
        return rng.pick(weekdays);
      case "time":
        return `${rng.int(6, 22)}:${rng.pick(["00", "15", "30", "45"])}`;
      case "invoice":
        return `INV-${rng.int(2024, 2026)}-${String(rng.int(1, 99_999)).padStart(5, "0")}`;
      case "amount":
        return `${rng.int(19, 990)}.${rng.pick(["00", "50", "90"])}`;
      case "count":
        return String(rng.int(2, 40));
      case "name":
        return name;
      default:
        return key;
    }
  });
}

function templatesFor(table: Record<string, readonly string[]>, category: string): readonly string[] {
  return table[category] ?? table.general ?? [];
}

export function demoSubject(rng: Random, category: string, contactName: string): string {
  return fill(rng, rng.pick(templatesFor(subjects, category)), contactName).slice(0, 200);
}

export function demoDescription(
  rng: Random,
  category: string,
  contactName: string,
  ticketIndex: number,
): string {
  const sentences = [fill(rng, rng.pick(templatesFor(problemSentences, category)), contactName)];
  for (const detail of rng.sample(detailSentences, rng.int(1, 4)))
    sentences.push(fill(rng, detail, contactName));
  for (const probe of searchProbes) {
    if (ticketIndex % probe.every === probe.offset) {
      sentences.push(`This is for our ${capitalize(probe.word)} project.`);
    }
  }
  const greeting = rng.chance(0.6) ? "Hello,\n\n" : "";
  const signature = contactName === "there" ? "" : `\n\n${contactName}`;
  return `${greeting}${sentences.join(" ")}${signature}`;
}

export function demoPublicReply(rng: Random, contactName: string): string {
  return fill(rng, rng.pick(publicReplies), contactName);
}

export function demoInternalNote(rng: Random): string {
  return fill(rng, rng.pick(internalNotes), "");
}
