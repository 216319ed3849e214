import { compile, type FormatCallback, type SelectorDefinition } from "html-to-text";

/**
 * A mail's HTML as plain text for a ticket: no markup, nothing from <script>/<style>/<head>, no
 * images but their alt text, links as "text [url]" (the url alone when it is the text), no word
 * wrapping (the web app wraps), paragraphs and lists kept readable. The result is text, never
 * HTML: whatever shows it must still escape it.
 */
export function htmlToText(html: string): string {
  return tidyText(convertWhole(capped(html)));
}

/**
 * A converter with extra selectors on top of the mail defaults (the reply extractor adds the
 * quote cues of mail clients). Each call compiles once; keep the returned function.
 */
export function htmlToTextWith(extra: SelectorDefinition[]): (html: string) => string {
  const convert = compile({ ...baseOptions, selectors: [...baseSelectors, ...extra] });
  return (html) => tidyText(convert(capped(html)));
}

/**
 * Written where quoted history starts (Outlook's reply header and the like); the reply extractor
 * keeps only what comes before it. Private-use characters: no mail text contains them by chance.
 */
export const quoteCutMarker = "\uF8F0ticketdesk-quote-starts-here\uF8F0";

/** Plain text tidied for storage: no NBSP or control characters, no trailing spaces, at most one blank line. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\u202f]/g, " ")
    .replace(/(?![\n\t])\p{Cc}/gu, "")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * Longer HTML is cut before converting (html-to-text would cut it too, but warn on stderr). 8 MiB of
 * markup is far beyond any message a person wrote; it bounds the time one mail can take.
 */
const maxHtmlLength = 8 * 1024 * 1024;

function capped(html: string): string {
  return html.length > maxHtmlLength ? html.slice(0, maxHtmlLength) : html;
}

const safeSchemes = /^(https?|ftp|mailto|tel):/i;

/** Only links a person could follow are shown; javascript:, data:, cid: and the like are dropped. */
function safeHref(href: string): string {
  const trimmed = href.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !safeSchemes.test(trimmed)) return "";
  return trimmed;
}

function isTrackingPixel(attribs: Record<string, string>): boolean {
  const tiny = (value: string | undefined) => value !== undefined && /^\s*[01](px)?\s*$/i.test(value);
  return tiny(attribs.width) || tiny(attribs.height);
}

/** Alt text that tells a reader something: not empty, not a file name, not a generic word. */
function meaningfulAlt(alt: string | undefined): string | null {
  const text = (alt ?? "").replace(/\s+/g, " ").trim();
  if (!text) return null;
  if (/^[\w.-]+\.(png|jpe?g|gif|bmp|webp|svg|tiff?)$/i.test(text)) return null;
  if (/^(image|img|picture|logo|spacer|pixel|photo|bild|grafik)$/i.test(text)) return null;
  return text;
}

const formatMailImage: FormatCallback = (elem, _walk, builder) => {
  const attribs = (elem.attribs ?? {}) as Record<string, string>;
  if (isTrackingPixel(attribs)) return;
  const alt = meaningfulAlt(attribs.alt);
  if (alt) builder.addInline(`[image: ${alt}]`, { noWordTransform: true });
};

const formatQuoteCut: FormatCallback = (_elem, _walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 1 });
  builder.addLiteral(quoteCutMarker);
  builder.closeBlock({ trailingLineBreaks: 1 });
};

const skipped = [
  "head",
  "title",
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "object",
  "embed",
  "svg",
  "canvas",
  "audio",
  "video",
  "map",
];

const baseSelectors: SelectorDefinition[] = [
  ...skipped.map((selector) => ({ selector, format: "skip" })),
  {
    selector: "a",
    options: {
      linkBrackets: ["[", "]"],
      hideLinkHrefIfSameAsText: true,
      noAnchorUrl: true,
      pathRewrite: safeHref,
    },
  },
  { selector: "img", format: "mailImage" },
  ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
    selector,
    options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 2 },
  })),
  // Word (Outlook desktop) writes every line as its own <p class=MsoNormal> and blank lines as
  // <p>&nbsp;</p>: with the usual paragraph spacing every line would be followed by a blank one.
  { selector: "p.MsoNormal", format: "block", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  { selector: "hr", options: { length: 20 } },
];

const baseOptions = {
  wordwrap: false as const,
  formatters: { mailImage: formatMailImage, quoteCut: formatQuoteCut },
};

const convertWhole = compile({ ...baseOptions, selectors: baseSelectors });
