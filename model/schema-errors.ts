/** One JSON-schema validation issue, as reported by ajv (fastify) and TypeBox's Value.Errors alike. */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A field named the way a client wrote it (`body.agentOptions.command`) and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

function pathParts(instancePath: string): string[] {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * Turns validation issues into one message per field, prefixed with `context` (`body`,
 * `querystring`, `input`). Drops the noise schema validators add (anyOf branches, `false`
 * schemas) and names allowed values where the schema has an enum.
 */
export function describeSchemaIssues(issues: readonly SchemaIssue[], context: string): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const push = (parts: string[], message: string) => {
    const field = [context, ...parts].join('.');
    const key = `${field}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ field, message });
    }
  };
  for (const issue of issues) {
    const parts = pathParts(issue.instancePath);
    switch (issue.keyword) {
      case 'required':
        for (const name of asList(issue.params.missingProperty ?? issue.params.requiredProperties)) push([...parts, name], 'is required');
        break;
      case 'additionalProperties':
        for (const name of asList(issue.params.additionalProperty ?? issue.params.additionalProperties)) push([...parts, name], 'is not a known field');
        break;
      case 'enum':
        push(parts, `must be one of ${asList(issue.params.allowedValues).join(', ')}`);
        break;
      case 'boolean':
        // TypeBox reports an unknown field twice: as a `false` schema and as additionalProperties.
        if (!issues.some((other) => other.keyword === 'additionalProperties')) push(parts, 'is not allowed');
        break;
      case 'anyOf':
      case 'const':
        // Reported again, more usefully, by the keyword that failed inside.
        if (!issues.some((other) => other !== issue && other.instancePath === issue.instancePath && !['boolean', 'anyOf', 'const'].includes(other.keyword))) {
          push(parts, 'has an unsupported value');
        }
        break;
      default:
        push(parts, issue.message ?? 'is invalid');
    }
  }
  return out;
}
