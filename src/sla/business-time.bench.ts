/**
 * Microseconds per business-time operation (not a test): npx tsx src/sla/business-time.bench.ts
 *
 * Ticket creation computes two due times (medium priority: 8 h first response, 72 h resolution), so the
 * figures that matter are add(480) and add(4320) with a warm zone cache; the cold line shows what the first
 * computation on a new day costs (Intl reads, once per UTC day and zone).
 */
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type CompiledCalendar,
  compileCalendar,
} from "./business-time.js";
import type { BusinessCalendar, OpeningInterval, WeeklyHours } from "./calendar.js";

const week = (workday: OpeningInterval[], weekend: OpeningInterval[]): WeeklyHours => ({
  monday: workday,
  tuesday: workday,
  wednesday: workday,
  thursday: workday,
  friday: workday,
  saturday: weekend,
  sunday: weekend,
});
const berlin: BusinessCalendar = {
  timeZone: "Europe/Berlin",
  hours: week([{ from: "09:00", to: "17:00" }], []),
  holidays: ["2026-04-03", "2026-04-06", "2026-05-01", "2026-12-25", "2026-12-26"],
};
const allDay = [{ from: "00:00", to: "24:00" }];
const always = (timeZone: string, holidays: string[] = []): BusinessCalendar => ({
  timeZone,
  hours: week(allDay, allDay),
  holidays,
});

// Instants spread over three months around the spring-forward weekend, every few hours at odd minutes.
const starts = Array.from({ length: 1_000 }, (_, i) => new Date(Date.UTC(2026, 1, 1) + i * 7_919_000));

function perOperation(label: string, operations: number, run: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(operations, 20_000); i++) run(i); // warm up the JIT and the zone cache
  const started = process.hrtime.bigint();
  for (let i = 0; i < operations; i++) run(i);
  const micros = Number(process.hrtime.bigint() - started) / 1_000 / operations;
  console.log(`${label.padEnd(64)} ${micros.toFixed(3).padStart(8)} µs`);
}

function start(i: number): Date {
  return starts[i % starts.length] ?? new Date();
}

function bench(name: string, cal: CompiledCalendar): void {
  perOperation(`${name}: add 480 min`, 200_000, (i) => addBusinessMinutes(cal, start(i), 480));
  perOperation(`${name}: add 4320 min`, 100_000, (i) => addBusinessMinutes(cal, start(i), 4_320));
  perOperation(`${name}: between, 3 days apart`, 200_000, (i) =>
    businessMinutesBetween(cal, start(i), new Date(start(i).getTime() + 3 * 86_400_000)),
  );
  perOperation(`${name}: between, 30 days apart`, 50_000, (i) =>
    businessMinutesBetween(cal, start(i), new Date(start(i).getTime() + 30 * 86_400_000)),
  );
}

bench("9–17 Mon–Fri, Europe/Berlin, 5 holidays", compileCalendar(berlin));
bench("24×7 UTC", compileCalendar(always("UTC")));
bench("24×7 Europe/Berlin + 1 holiday (walked)", compileCalendar(always("Europe/Berlin", ["2026-12-25"])));

// Cold: a zone no one has read yet, each call on a day not read yet.
const cold = compileCalendar({ ...berlin, timeZone: "Europe/Vienna" });
let day = 0;
perOperation("cold: add 480 min from a day not read before", 2_000, () =>
  addBusinessMinutes(cold, new Date(Date.UTC(2030, 0, 1) + 86_400_000 * day++), 480),
);
perOperation("compileCalendar (9–17, 5 holidays)", 100_000, () => compileCalendar(berlin));
