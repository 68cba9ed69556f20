/** A top-level (or class-member) definition found in a source file. */
export interface CodeSymbol {
  name: string;
  kind: 'function' | 'class' | 'method' | 'interface' | 'type' | 'enum' | 'variable' | 'module';
  /** The declaration's first line(s) without the body, e.g. `export function foo(a: number): string`. */
  signature: string;
  /** 1-based line of the declaration. */
  line: number;
  exported: boolean;
  /** For a method: its class. */
  parent?: string;
}

/** What a file defines and what it uses, for the repository map and the defines/uses graph. */
export interface FileSymbols {
  /** 'typescript' | 'tsx' | 'javascript' | 'python', or null when the file was read as plain text. */
  language: string | null;
  defines: CodeSymbol[];
  /** Distinct identifiers the file references (calls, member names, type references, imports), not counting its own definitions; sorted. */
  uses: string[];
}
