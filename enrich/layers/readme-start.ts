// reStructuredText underlines headings with a repeated punctuation character.
const RST_ADORNMENT = /^([=\-~^"'`#*+<>:._])\1{2,}\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Markdown: the text before the third `##` heading outside code blocks. */
function markdownStart(lines: readonly string[]): string[] {
  let fence: string | undefined;
  let sections = 0;
  for (const [index, line] of lines.entries()) {
    const opener = FENCE.exec(line)?.[1];
    if (opener && (fence === undefined || (opener[0] === fence[0] && opener.length >= fence.length))) {
      fence = fence === undefined ? opener : undefined;
      continue;
    }
    if (fence === undefined && /^ {0,3}##(?!#)(\s|$)/.test(line) && ++sections === 3) return lines.slice(0, index);
  }
  return [...lines];
}

/** reStructuredText: the title, its intro and the first two sections of the next heading level. */
function rstStart(lines: readonly string[]): string[] {
  const headings: { start: number; style: string }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i - 1]!.trim();
    const adornment = RST_ADORNMENT.exec(lines[i]!);
    if (!adornment || !text || RST_ADORNMENT.test(lines[i - 1]!) || lines[i]!.trim().length < text.length) continue;
    const overlined = i >= 2 && lines[i - 2]!.trim() === lines[i]!.trim();
    headings.push({ start: overlined ? i - 2 : i - 1, style: `${overlined ? 'over' : ''}${adornment[1]}` });
  }
  const titleStyle = headings[0]?.style;
  const sectionStyle = headings.find((heading) => heading.style !== titleStyle)?.style ?? titleStyle;
  const sections = headings.filter((heading, index) => heading.style === sectionStyle && !(index === 0 && sectionStyle === titleStyle));
  const third = sections[2];
  return third ? lines.slice(0, third.start) : [...lines];
}

/**
 * The start of a README: its title, introduction and first two `##` sections (for a `.rst`
 * file, the first two sections under the title), so the agent reads what the project is
 * without the whole reference. Returns the whole text when it has fewer sections.
 */
export function readmeStart(text: string, fileName: string): string {
  const lines = text.split('\n');
  const kept = fileName.toLowerCase().endsWith('.rst') ? rstStart(lines) : markdownStart(lines);
  return kept.join('\n').trim();
}
