import { parseDocument } from "yaml";

export interface SkillProblem {
  /** 1-based line in SKILL.md, when the problem has one. */
  line: number | null;
  message: string;
}

/**
 * Where a problem with a SKILL.md is: the API's "(line N)" counts within the front matter, so
 * the opening '---' adds one; a field error points at that field's line.
 */
export function locateProblem(content: string, message: string, field?: string | null): SkillProblem {
  const lines = content.split("\n");
  const yamlLine = /\(line (\d+)\)/.exec(message);
  if (yamlLine) {
    return { line: Number(yamlLine[1]) + 1, message };
  }
  if (field && field !== "content") {
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    const at = lines.findIndex((l, i) => i > 0 && (end < 0 || i < end) && new RegExp(`^${field}\\s*:`).test(l));
    return { line: at >= 0 ? at + 1 : 1, message };
  }
  return { line: null, message };
}

/** The same checks the API makes on the front matter's shape, before anything is sent. */
export function checkFrontMatter(content: string): SkillProblem | null {
  const lines = content.split("\n");
  if (lines.length < 2 || lines[0].trimEnd() !== "---") {
    return { line: 1, message: "SKILL.md must start with YAML front matter between '---' lines" };
  }
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l.trimEnd()));
  if (end < 0) {
    return { line: 1, message: "the front matter has no closing '---' line" };
  }
  const doc = parseDocument(lines.slice(1, end).join("\n"), { prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line ?? 1;
    // The parser counts lines within the front matter; the line reported here is the file's.
    const reason = first.message.split("\n")[0].replace(/\s*at line \d+, column \d+:?$/, "");
    return { line: line + 1, message: `front matter is not valid YAML: ${reason}` };
  }
  return null;
}
