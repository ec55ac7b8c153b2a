using System.Net;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Governance;
using HermesX.IntegrationTests.Runs;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Webhooks;

/// <summary>A background run's end leaves as a signed webhook event whose data is the response object GET shows.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookRunEventTests(WebhookFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ACompletedAndACancelledRunEachSendTheirEventWithTheResponseObject()
    {
        var (_, key) = await fixture.Hooks.TenantAsync();
        using var http = fixture.Hooks.Cluster.First.CreateClient(key);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await WebhookCluster.RegisterAsync(http, receiver.Url, "response.completed", "response.cancelled");
        await receiver.ConfigureAsync(secret, "ok");

        var completed = (await RunHttp.CreateAsync(http, new { model = SpendBudgetFixture.Priced, input = "finish", max_output_tokens = 1 }))
            .GetProperty("id").GetString()!;
        // One output token is what the tenant's budget admits: the answer ends incomplete, and the run has completed.
        var stored = await RunHttp.WaitForStatusAsync(http, completed, "incomplete", Limit);

        var llm = fixture.Hooks.Chat.Llm;
        var before = llm.RequestCount;
        llm.Enqueue(new FakeReply { Text = "too late", DelayMs = 60_000 });
        var cancelled = (await RunHttp.CreateAsync(http, new { model = SpendBudgetFixture.Priced, input = "wait", max_output_tokens = 1 }))
            .GetProperty("id").GetString()!;
        await ApiHelpers.PollAsync(() => Task.FromResult(llm.RequestCount > before), Limit, "the slow model call");
        Assert.Equal(HttpStatusCode.OK, (await RunHttp.CancelAsync(http, cancelled)).Status);

        var seen = await receiver.WaitForAsync(r => r.Count(x => x.Status == 200) >= 2, Limit, "both runs' events");
        Assert.All(seen, r => Assert.True(r.Verified, r.VerifyError));
        var byType = seen.Where(r => r.Status == 200).ToDictionary(r => r.Body.GetProperty("type").GetString()!, r => r.Body.GetProperty("data"));
        Assert.Equal(["response.cancelled", "response.completed"], byType.Keys.Order());

        var done = byType["response.completed"];
        Assert.Equal(completed, done.GetProperty("id").GetString());
        Assert.Equal("response", done.GetProperty("object").GetString());
        Assert.Equal("incomplete", done.GetProperty("status").GetString());
        // The same object GET answers: its output and usage, not a summary.
        Assert.Equal(stored.GetProperty("output").GetRawText(), done.GetProperty("output").GetRawText());
        Assert.Equal(stored.GetProperty("usage").GetRawText(), done.GetProperty("usage").GetRawText());

        var stopped = byType["response.cancelled"];
        Assert.Equal(cancelled, stopped.GetProperty("id").GetString());
        Assert.Equal("cancelled", stopped.GetProperty("status").GetString());
        // Each run's end is reported once.
        Assert.Equal(2, seen.Select(r => r.WebhookId).Distinct().Count());
    }
}
