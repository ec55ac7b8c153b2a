using System.Net;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Skills;

/// <summary>The agent uses the skills: skill_view in a turn, and the persona and index in the system prompt.</summary>
public sealed class SkillsInChatTests(SkillsFixture fixture) : IClassFixture<SkillsFixture>
{
    private static string Session() => "sess-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task SkillViewReturnsTheSkillBodyAndLeavesAReceipt()
    {
        var (_, key) = await fixture.TenantAsync("user");
        using var http = fixture.Client(key);
        var session = Session();

        var (r, body) = await ChatCluster.ChatAsync(http, """call:skill_view {"name":"incident-triage"}""", session);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var content = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Contains("The skill_view tool returned:", content);
        Assert.Contains("Stabilize before diagnosing", content);
        using var receipts = await http.GetAsync($"/v1/execution-receipts?session_id={session}");
        var receipt = Assert.Single((await receipts.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray());
        Assert.Equal("skill_view", receipt.GetProperty("tool_name").GetString());
        Assert.Equal("success", receipt.GetProperty("status").GetString());
        Assert.Contains("Stabilize before diagnosing", receipt.GetProperty("output").GetString());
        Assert.Contains("incident-triage", receipt.GetProperty("input").GetString());
    }

    [Fact]
    public async Task AnUnknownSkillIsAToolErrorTheModelSees()
    {
        var (_, key) = await fixture.TenantAsync("user");
        using var http = fixture.Client(key);
        var session = Session();

        var (r, body) = await ChatCluster.ChatAsync(http, """call:skill_view {"name":"no-such-skill"}""", session);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("no skill named 'no-such-skill'", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        using var receipts = await http.GetAsync($"/v1/execution-receipts?session_id={session}");
        var receipt = Assert.Single((await receipts.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray());
        Assert.Equal("error", receipt.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnotherTenantsSkillIsUnknownToSkillView()
    {
        var (_, keyA) = await fixture.TenantAsync();
        var (_, keyB) = await fixture.TenantAsync("user");
        var name = SkillText.UniqueName("private");
        using (var a = fixture.Client(keyA))
        {
            (await a.PostAsync("/v1/skills", SkillText.Markdown(SkillText.Of(name, "A only", "The secret recipe.")))).EnsureSuccessStatusCode();
        }
        using var b = fixture.Client(keyB);
        var (_, body) = await ChatCluster.ChatAsync(b, "call:skill_view {\"name\":\"" + name + "\"}", Session());
        var content = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.DoesNotContain("secret recipe", content);
        Assert.Contains("no skill named", content);
    }

    [Fact]
    public async Task TheNextTurnSeesAnEditedSkillAndPersonaInTheSystemPrompt()
    {
        var (_, key) = await fixture.TenantAsync();
        using var http = fixture.Client(key);
        var session = Session();

        var first = await SystemPromptOfTurnAsync(http, session);
        Assert.Contains("- incident-triage: Triage a production incident", first);
        Assert.Contains("You are the tenant's HermesX assistant", first);

        var marker = Guid.NewGuid().ToString("N")[..8];
        using (var put = await http.PutAsync("/v1/skills/incident-triage",
            SkillText.Markdown(SkillText.Of("incident-triage", $"Our outage runbook {marker}", "Page the on-call lead first."))))
        {
            await put.ExpectJsonAsync(HttpStatusCode.OK);
        }
        using (var persona = await http.PutAsync("/v1/persona", SkillText.Markdown($"You are Vera {marker}, the SRE assistant.")))
        {
            await persona.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var second = await SystemPromptOfTurnAsync(http, session);
        Assert.Contains($"- incident-triage: Our outage runbook {marker}", second);
        Assert.DoesNotContain("Triage a production incident", second);
        Assert.Contains($"You are Vera {marker}", second);
        Assert.DoesNotContain("You are the tenant's HermesX assistant", second);

        var (_, view) = await ChatCluster.ChatAsync(http, """call:skill_view {"name":"incident-triage"}""", session);
        Assert.Contains("Page the on-call lead first.", view.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    /// <summary>Runs a turn with a unique text and returns the system prompt of the request the fake LLM received for it.</summary>
    private async Task<string> SystemPromptOfTurnAsync(HttpClient http, string session)
    {
        var text = "hello " + Guid.NewGuid().ToString("N");
        var (r, _) = await ChatCluster.ChatAsync(http, text, session);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var request = fixture.Chat.Llm.Requests.Last(q => q.Body.Contains(text, StringComparison.Ordinal));
        var messages = request.Json()!["messages"]!.AsArray();
        return string.Join("\n", messages.Where(m => (string?)m!["role"] is "system" or "developer").Select(m => m!["content"]!.ToString()));
    }
}
