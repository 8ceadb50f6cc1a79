/**
 * Assembling person-facing messages from parts written by different layers (a reader's reason, the
 * file's name, what the page did about it) without doubled names or broken punctuation: "'a.png':
 * 'a.png' is empty", "ends after 100 The previous …" and "wrong voxel size?. The …" are what plain
 * string concatenation gives.
 */

/** `text` as a sentence: trimmed, ending in '.', '!', '?' or '…' (a '.' is added when none is there). */
export function sentence(text: string): string {
  const t = text.trim();
  if (t === '') return '';
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/** Parts joined as sentences ("a", "b?" , "c" → "a. b? c."); empty parts are skipped. */
export function joinSentences(...parts: (string | null | undefined | false)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map(sentence)
    .join(' ');
}

/**
 * `message` about the file `name`: "'name': message", unless the message already names the file at
 * its start (then it is returned as is).
 */
export function aboutFile(name: string, message: string): string {
  const m = message.trim();
  if (m.startsWith(`'${name}'`) || m.startsWith(`${name}:`) || m.startsWith(`"${name}"`)) return m;
  return `'${name}': ${m}`;
}
