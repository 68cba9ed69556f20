import type { CodeSymbol } from '../symbols/code-symbol.js';
import { countTokens } from '../tokens.js';
import { fenceText } from './fence-text.js';

/** One focus file's part of the map: its path and symbol lines, the first `core` of them its public face. */
export interface SymbolSection {
  path: string;
  lines: string[];
  /** Lines shown before later files get their turn: the first exported symbols (a few lines of any when none is exported). */
  core: number;
}

/** Lines of a file shown before the next file gets its turn: of its exported symbols, or of any when none is exported. */
const MAX_CORE_LINES = 25;
const CORE_WHEN_NOTHING_EXPORTED = 5;

/**
 * A focus file's section, or null when it defines nothing: exported top-level symbols first,
 * then the rest, each in line order with its methods indented under it; methods whose owner
 * is not defined in the file come last.
 */
export function symbolSection(path: string, defines: readonly CodeSymbol[]): SymbolSection | null {
  if (defines.length === 0) return null;
  const byLine = (a: CodeSymbol, b: CodeSymbol): number => a.line - b.line;
  const topLevel = defines.filter((symbol) => symbol.parent === undefined);
  const owners = new Set(topLevel.map((symbol) => symbol.name));
  const membersOf = new Map<string, CodeSymbol[]>();
  const orphans: CodeSymbol[] = [];
  for (const symbol of defines) {
    if (symbol.parent === undefined) continue;
    if (!owners.has(symbol.parent)) orphans.push(symbol);
    else membersOf.set(symbol.parent, [...(membersOf.get(symbol.parent) ?? []), symbol]);
  }
  const lines: string[] = [];
  const listOwner = (symbol: CodeSymbol): void => {
    lines.push(`  ${symbol.signature}`);
    // Overloads, or a const and a type of one name, share their members: list them once.
    for (const member of (membersOf.get(symbol.name) ?? []).sort(byLine)) lines.push(`    ${member.signature}`);
    membersOf.delete(symbol.name);
  };
  topLevel
    .filter((s) => s.exported)
    .sort(byLine)
    .forEach(listOwner);
  const exportedLines = lines.length;
  topLevel
    .filter((s) => !s.exported)
    .sort(byLine)
    .forEach(listOwner);
  for (const orphan of orphans.sort(byLine)) {
    lines.push(orphan.signature.includes(orphan.parent!) ? `  ${orphan.signature}` : `  ${orphan.parent}: ${orphan.signature}`);
  }
  return { path, lines, core: exportedLines > 0 ? Math.min(exportedLines, MAX_CORE_LINES) : Math.min(lines.length, CORE_WHEN_NOTHING_EXPORTED) };
}

/** The listing of the sections that fit, with what it costs and what was left out. */
export interface FittedSections {
  lines: string[];
  /** Tokens of the listing as a fenced block (0 when empty). */
  tokens: number;
  /** Sections shown, whole or in part. */
  files: number;
  /** Sections shown in part, ending in `  … N more`. */
  shortened: number;
}

/**
 * The sections that fit in `room` tokens as one fenced listing, in order. First every section's
 * core (a section that does not fit whole is cut after its last fitting line and the listing
 * stops there), then with what is left the rest of each section in turn.
 */
export function fitSymbolSections(sections: readonly SymbolSection[], room: number): FittedSections {
  const cost = (line: string): number => countTokens(`${line}\n`);
  const moreCost = (section: SymbolSection, shown: number): number => (shown < section.lines.length ? cost(moreLine(section.lines.length - shown)) : 0);
  const shown: Array<{ section: SymbolSection; count: number; costs: number[] }> = [];
  let used = countTokens(fenceText('', 'text'));
  let full = false;
  for (const section of sections) {
    const costs = section.lines.map(cost);
    let count = 0;
    let total = used + cost(`${section.path}:`);
    while (count < section.core && total + costs[count]! + moreCost(section, count + 1) <= room) {
      total += costs[count]!;
      count += 1;
    }
    if (count === 0) {
      full = true;
      break;
    }
    shown.push({ section, count, costs });
    used = total + moreCost(section, count);
    if (count < section.core) {
      full = true;
      break;
    }
  }
  for (const entry of full ? [] : shown) {
    while (entry.count < entry.section.lines.length) {
      const delta = entry.costs[entry.count]! + moreCost(entry.section, entry.count + 1) - moreCost(entry.section, entry.count);
      if (used + delta > room) break;
      used += delta;
      entry.count += 1;
    }
    if (entry.count < entry.section.lines.length) break;
  }
  const lines: string[] = [];
  let shortened = 0;
  for (const { section, count } of shown) {
    lines.push(`${section.path}:`, ...section.lines.slice(0, count));
    if (count < section.lines.length) {
      lines.push(moreLine(section.lines.length - count));
      shortened += 1;
    }
  }
  return { lines, tokens: lines.length > 0 ? used : 0, files: shown.length, shortened };
}

function moreLine(count: number): string {
  return `  … ${count} more`;
}
