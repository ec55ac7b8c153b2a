using HermesX.Grains.Skills;
using HermesX.Grains.Abstractions.Skills;

namespace HermesX.Tests.Skills;

public sealed class SkillDocumentTests
{
    [Fact]
    public void AValidSkillParsesIntoFrontMatterAndBody()
    {
        var doc = SkillDocument.TryParse("---\nname: demo\ndescription: Shows things\nversion: 1.2\ntags:\n  - a\n  - b\nowner: ops\n---\n\n# Demo\nBody text.\n", out var problem);
        Assert.Null(problem);
        Assert.NotNull(doc);
        Assert.Equal(("demo", "Shows things", "1.2"), (doc.Meta.Name, doc.Meta.Description, doc.Meta.Version));
        Assert.Equal(["a", "b"], doc.Meta.Tags);
        Assert.Equal("# Demo\nBody text.\n", doc.Body);
    }

    [Fact]
    public void WindowsLineEndingsAndAByteOrderMarkAreAccepted()
    {
        var doc = SkillDocument.TryParse("\uFEFF---\r\nname: demo\r\ndescription: d\r\n---\r\nBody\r\n", out var problem);
        Assert.Null(problem);
        Assert.Equal("demo", doc!.Meta.Name);
        Assert.Empty(doc.Meta.Tags);
        Assert.Null(doc.Meta.Version);
    }

    [Theory]
    [InlineData("no front matter", "content")]
    [InlineData("---\nname: [unclosed\ndescription: b\n---\nbody\n", "content")]
    [InlineData("---\nname: a\ndescription: b\nname: c\n---\nbody\n", "content")]
    [InlineData("---\n: x\n---\nbody\n", "name")]
    [InlineData("---\n\"unterminated\n---\nbody\n", "content")]
    [InlineData("---\nname: a\ndescription: *nope\n---\nbody\n", "content")]
    [InlineData("---\nname: A\ndescription: b\n---\nbody\n", "name")]
    [InlineData("---\nname: \"a\\n\"\ndescription: b\n---\nbody\n", "name")]
    [InlineData("---\nname: a\ndescription: {x: 1}\n---\nbody\n", "content")]
    [InlineData("---\nname: a\ndescription: b\nversion: [1]\n---\nbody\n", "content")]
    [InlineData("---\nname: a\ndescription: b\ntags: [[x]]\n---\nbody\n", "tags")]
    [InlineData("---\nname: a\ndescription: b\n---\n", "content")]
    public void InvalidSkillsNameTheProblem(string text, string field)
    {
        Assert.Null(SkillDocument.TryParse(text, out var problem));
        Assert.Equal(field, problem!.Field);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
    }

    [Fact]
    public void AYamlErrorNamesTheLineOfTheFile()
    {
        Assert.Null(SkillDocument.TryParse("---\nname: a\ndescription: a: b\nversion: 1\n---\nbody\n", out var problem));
        Assert.Contains("(line 3)", problem!.Message);
    }

    [Fact]
    public void TheSizeCapCountsUtf8Bytes()
    {
        var head = "---\nname: big\ndescription: d\n---\n";
        var fits = head + new string('é', (SkillDocument.MaxBytes - head.Length) / 2);
        Assert.NotNull(SkillDocument.TryParse(fits, out _));
        Assert.Null(SkillDocument.TryParse(fits + "éé", out var problem));
        Assert.Equal("content", problem!.Field);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("incident-triage", true)]
    [InlineData("snake_case_9", true)]
    [InlineData("", false)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("%2e%2e", false)]
    [InlineData("-a", false)]
    [InlineData("_a", false)]
    [InlineData("a\n", false)]
    [InlineData("Abc", false)]
    public void SkillNamesArePlainLowercaseWords(string name, bool valid)
    {
        Assert.Equal(valid, SkillKeys.IsValidName(name));
    }

    [Fact]
    public void NamesAreAtMost64Characters()
    {
        Assert.True(SkillKeys.IsValidName(new string('a', 64)));
        Assert.False(SkillKeys.IsValidName(new string('a', 65)));
    }

    [Fact]
    public void EveryBundledSkillIsValidAndThereIsADefaultPersona()
    {
        var bundled = new BundledSkills();
        Assert.InRange(bundled.SkillNames.Count(), 3, 10);
        Assert.False(string.IsNullOrWhiteSpace(bundled.Persona));
        Assert.All(bundled.Objects.Where(o => o.RelativeKey.StartsWith("skills/", StringComparison.Ordinal)),
            o => Assert.NotNull(SkillDocument.TryParse(o.Content, out _)));
    }
}
