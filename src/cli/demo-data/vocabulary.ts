/**
 * Word lists for the demo data. The demo customer is a background-music service for
 * businesses: hotels, cafés, shops and gyms play music in "zones" on small players.
 * Placeholders in braces ({zone}, {invoice} ...) are filled by demo-text.ts.
 */

// biome-ignore format: word lists read better packed
export const firstNames = [
  "Ana", "Ben", "Chloé", "David", "Elif", "Farah", "Gustav", "Hana", "Ivan", "Julia", "Kai", "Lena", "Mateo",
  "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoe",
  "Arjun", "Beatriz", "Carlos", "Dana", "Emil", "Freya", "Goran", "Ines", "Jonas", "Kenji", "Lucia", "Malik",
  "Nora", "Oskar", "Paula", "Rafael", "Sofia", "Tomás", "Vera", "William", "Aiko", "Bruno", "Camila",
] as const;

// biome-ignore format: word lists read better packed
export const lastNames = [
  "Silva", "Andersson", "Nguyen", "Müller", "Kowalski", "Haddad", "Tanaka", "Okafor", "Rossi", "García",
  "Johansson", "Petrov", "Chen", "Dubois", "Novak", "Sato", "Kaya", "Larsen", "Moreau", "Fischer", "Costa",
  "Ibrahim", "Jensen", "Lindqvist", "O'Brien", "Park", "Santos", "Weber", "Yilmaz", "Zhang", "Bauer",
  "Castillo", "Eriksson", "Fernández", "Hoffmann", "Kim", "Lopez", "Nilsson", "Ortiz", "Schmidt",
] as const;

// biome-ignore format: word lists read better packed
export const companyPrefixes = [
  "Blue Harbor", "Northwind", "Copper Kettle", "Golden Fern", "Silverline", "Red Maple", "Urban Oak",
  "Sunset", "Harborview", "Old Mill", "Pine & Stone", "Lakeside", "Velvet", "Green Street", "Iron Bridge",
  "Moonlight", "Saffron", "Riverside", "Cedar", "Atlas", "Nordic", "Little Lotus", "Marble Arch", "Cobalt",
  "Juniper", "Rosewood", "Seaside", "Grand Central", "Wildflower", "Amber", "Highland", "Bluebird",
  "Crescent", "Evergreen", "Foxglove", "Hazel", "Kingfisher", "Lighthouse", "Meridian", "Orchard",
] as const;

// biome-ignore format: word lists read better packed
export const companyKinds = [
  "Hotels", "Café", "Coffee Roasters", "Fitness", "Boutique", "Bistro", "Spa", "Market", "Bakery",
  "Burger Bar", "Yoga Studio", "Outfitters", "Pharmacy", "Dental Clinic", "Bookshop", "Wine Bar", "Barbers",
  "Pizzeria", "Climbing Gym", "Department Store",
] as const;

// biome-ignore format: word lists read better packed
export const cities = [
  "Stockholm", "Bangkok", "Berlin", "Lisbon", "Austin", "Melbourne", "Oslo", "Madrid", "Seoul", "Toronto",
  "Cape Town", "Milan", "Dublin", "Osaka", "Lyon", "Porto", "Denver", "Helsinki",
] as const;

// biome-ignore format: word lists read better packed
export const zones = [
  "Lobby", "Restaurant", "Bar", "Terrace", "Gym floor", "Spa", "Reception", "Shop floor", "Fitting rooms",
  "Kitchen", "Rooftop", "Breakfast room", "Pool area", "Entrance", "Studio 1", "Studio 2", "Counter",
] as const;

// biome-ignore format: word lists read better packed
export const devices = [
  "SoundBox 2", "SoundBox Mini", "Android player", "iPad app", "Windows player",
] as const;

export const plans = ["Essential", "Business", "Business Plus", "Enterprise"] as const;

// biome-ignore format: word lists read better packed
export const weekdays = [
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
] as const;

// biome-ignore format: word lists read better packed
export const genres = [
  "lounge", "jazz", "acoustic", "deep house", "classical", "indie pop", "bossa nova",
] as const;

/** Subject templates per category key; categories an admin added use `general`. */
export const subjects: Record<string, readonly string[]> = {
  technical: [
    "Music stopped playing in the {zone}",
    "{device} shows offline since this morning",
    "Player keeps restarting every few minutes",
    "No sound from the {zone} speakers after the router change",
    "App crashes when I open the schedule",
    "{device} stuck on the loading screen",
    "Volume resets to maximum at opening time",
    "Cannot pair the {device} with the account",
    "Audio cuts out every hour in the {zone}",
    "Offline playback not working during the outage",
  ],
  billing: [
    "Invoice {invoice} charged twice",
    "Question about the {plan} plan price",
    "Please send a copy of invoice {invoice}",
    "Card declined but the payment went through",
    "VAT number missing on our invoices",
    "Refund for the cancelled {zone} zone",
    "Change billing address for {city}",
    "Why did our monthly bill go up?",
  ],
  zone_config: [
    "Schedule does not switch to {genre} at {time}",
    "Add a new zone for the {zone}",
    "Rename zone {zone} in {city}",
    "Copy the {zone} schedule to our {city} location",
    "Different playlist on {weekday} mornings",
    "Blocked songs still play in the {zone}",
    "Set quiet hours for the {zone}",
    "Zone {zone} plays the wrong playlist",
  ],
  account: [
    "Add a new manager to our account",
    "Reset password for the {city} store login",
    "Remove a former employee's access",
    "Transfer the account to a new owner",
    "Upgrade from {plan} to Enterprise",
    "Two-factor codes not arriving",
    "Merge our two {city} accounts",
  ],
  feature_request: [
    "Feature request: schedule volume by time of day",
    "Please support announcements between songs",
    "Would love a {genre} playlist for winter",
    "Idea: weekly report of what played in each zone",
    "Request: Spotify-style crossfade on the {device}",
    "Let staff skip a song without the admin login",
  ],
  general: [
    "Question about music licensing in {city}",
    "How many zones can we have on the {plan} plan?",
    "Do you have a playlist for {weekday} brunch?",
    "Opening a new location in {city}",
    "Who is our account manager?",
    "Feedback on the new app",
  ],
};

/** Opening sentences of a description, per category. */
export const problemSentences: Record<string, readonly string[]> = {
  technical: [
    "Since {time} today the {device} in our {zone} has been silent.",
    "The status light on the {device} is blinking orange and nothing plays.",
    "Our staff restarted the {device} twice but the music stops again after a few minutes.",
    "The app says the player is online, but there is no sound in the {zone}.",
    "After our internet provider replaced the router, the {device} cannot connect.",
  ],
  billing: [
    "Our card was charged twice for invoice {invoice} ({amount} EUR each).",
    "We were expecting {amount} EUR but the invoice says more.",
    "Our accountant needs the invoices for the last quarter with our VAT number.",
    "We cancelled the {zone} zone last month but still pay for it.",
  ],
  zone_config: [
    "We want the {zone} to play {genre} from {time} on {weekday}s.",
    "The schedule for the {zone} should change at {time}, but it keeps the morning playlist.",
    "We opened a new area and need a separate zone called {zone}.",
    "Some songs we blocked last week still play in the {zone}.",
  ],
  account: [
    "Our new manager {name} needs access to the {city} location.",
    "A former employee still has a login and we want it removed today.",
    "The password reset email never arrives at our {city} address.",
    "We would like to move from the {plan} plan to Enterprise for all {count} locations.",
  ],
  feature_request: [
    "It would help us a lot if the volume could follow the time of day.",
    "Our guests ask about the music; a weekly report per zone would help.",
    "We would like to play short announcements between songs in the {zone}.",
  ],
  general: [
    "We are opening a new location in {city} next month.",
    "I have a general question about how licensing works for our {count} locations.",
    "Our team has some feedback after using the new app for a week.",
  ],
};

/** Neutral filler sentences shared by every category. */
// biome-ignore format: word lists read better packed
export const detailSentences = [
  "We have {count} locations and this affects the one in {city}.",
  "Guests have started to notice, so this is becoming urgent for us.",
  "Nothing changed on our side as far as I know.",
  "I attached a photo of the screen to the email I sent earlier.",
  "Our opening hours are 7:00 to 23:00, so please call before or after.",
  "The same thing happened last {weekday} and went away by itself.",
  "Please let me know if you need remote access to the network.", "We are on the {plan} plan.",
  "Could you also check the {zone} while you are at it?", "Thanks in advance for your help.",
  "This is the second time this month.", "I can be reached at the front desk most afternoons.",
] as const;

// biome-ignore format: word lists read better packed
export const publicReplies = [
  "Thanks for reaching out, {name}. I am looking into this now and will update you shortly.",
  "I have pushed a new configuration to the {device}. Could you check whether the music plays again?",
  "We found the cause: the player lost its network settings. It should be back now.",
  "I have corrected the invoice and issued a refund of {amount} EUR; it shows up within 5 business days.",
  "The schedule for the {zone} is updated to switch at {time}. Let us know if anything looks off.",
  "Could you send us a photo of the status light on the {device}?",
  "Access has been updated as requested. The new login invitation is on its way.",
  "Thank you for the suggestion! I have shared it with our product team.",
  "Everything looks good on our side now. I will keep this ticket open for a day in case it comes back.",
  "We are waiting for your confirmation before we close this ticket.",
] as const;

// biome-ignore format: word lists read better packed
export const internalNotes = [
  "Checked the player logs: repeated DNS failures since {time}. Probably the new router blocks our ports.",
  "Customer is on the {plan} plan; refund approved up to {amount} EUR.",
  "Escalated to the Tech team, see the on-call channel.",
  "Known issue with firmware 4.2 on the {device}; fix is in the next release.",
  "Second ticket from this customer this month, keep an eye on churn risk.",
  "Billing system shows the duplicate charge; needs a manual credit note.",
  "Schedule was copied from the {city} location, which uses a different time zone.",
  "Asked the account manager to call them about the upgrade.",
] as const;

/** Tags per category plus a shared pool. */
export const tagsByCategory: Record<string, readonly string[]> = {
  technical: ["hardware", "network", "firmware", "offline", "audio"],
  billing: ["refund", "invoice", "vat", "payment"],
  zone_config: ["schedule", "playlist", "zones"],
  account: ["access", "onboarding", "upgrade"],
  feature_request: ["idea", "roadmap"],
  general: ["question", "licensing"],
};

export const sharedTags = ["vip", "new-location", "follow-up", "escalated", "churn-risk"] as const;
