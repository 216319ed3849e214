const maxLength = 255;
/** Longest ending kept when a long name is shortened (".tar.gz" style endings and the like). */
const maxExtension = 16;
// C0/C1 controls and DEL, plus the bidi controls that can disguise an ending ("invoice\u202Efdp.exe").
const unsafe = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const loneSurrogate = /\p{Cs}/gu;

/**
 * The name an uploaded file is shown and downloaded under: the last path segment only (a browser
 * may send "C:\\Users\\me\\report.pdf"), without control characters, trimmed, at most 255 characters
 * (keeping the extension), and "file" when nothing is left. Never used to name the file on disk.
 */
export function sanitizeFileName(raw: string | null | undefined): string {
  const segments = (raw ?? "").normalize("NFC").replace(loneSurrogate, "\uFFFD").split(/[/\\]/);
  let name = (segments.at(-1) ?? "").replace(unsafe, "").trim();
  if (name === "." || name === "..") name = "";
  return shorten(name) || "file";
}

function shorten(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= maxLength) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length === 0 || extension.length > maxExtension)
    return chars.slice(0, maxLength).join("").trim();
  return (
    chars
      .slice(0, maxLength - extension.length)
      .join("")
      .trimEnd() + extension.join("")
  );
}
