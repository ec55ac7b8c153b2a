import { describe, expect, it } from "vitest";
import { checkFrontMatter, locateProblem } from "./frontMatter";

const valid = "---\nname: greet\ndescription: Says hello\n---\n# Greet\nSay hello.\n";

describe("front matter problems", () => {
  it("accepts a well-formed SKILL.md", () => {
    expect(checkFrontMatter(valid)).toBeNull();
  });

  it("puts a YAML error at its line in the file", () => {
    const broken = "---\nname: greet\ndescription: [unclosed\n---\nbody\n";
    expect(checkFrontMatter(broken)?.line).toBe(3);
  });

  it("refuses a file without front matter at line 1", () => {
    expect(checkFrontMatter("# just markdown\n")).toEqual({ line: 1, message: expect.stringContaining("front matter") });
  });

  it("maps the API's front-matter line to the file's line", () => {
    expect(locateProblem(valid, "front matter is not valid YAML (line 2)", "content").line).toBe(3);
  });

  it("points a field error at the field's line", () => {
    expect(locateProblem(valid, "'description' must be at most 1024 characters", "description").line).toBe(3);
  });

  it("has no line for a problem with the whole file", () => {
    expect(locateProblem(valid, "SKILL.md has no body after the front matter", "content").line).toBeNull();
  });
});
