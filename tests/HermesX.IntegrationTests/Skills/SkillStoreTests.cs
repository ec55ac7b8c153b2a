using HermesX.Grains.Skills;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using HermesX.Grains.Abstractions.Skills;

namespace HermesX.IntegrationTests.Skills;

/// <summary>
/// The object stores directly: the S3 one against the test server (bucket created on first use,
/// listing, purge of one tenant only) and the local directory one with the same behaviour.
/// </summary>
public sealed class SkillStoreTests : IAsyncLifetime
{
    private readonly string _bucket = S3TestEnvironment.NewBucket();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hx-skills-" + Guid.NewGuid().ToString("N")[..12]);
    private MinioObjectStore _s3 = null!;

    public Task InitializeAsync()
    {
        _s3 = HermesX.Testing.TestObjectStores.Minio(S3TestEnvironment.Options(_bucket));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _s3.DeletePrefixAsync("", CancellationToken.None);
        _s3.Dispose();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private IObjectStore StoreFor(string kind) => kind == "s3" ? _s3 : new LocalDirectoryObjectStore(_dir);

    [Theory]
    [InlineData("s3")]
    [InlineData("local")]
    public async Task DeleteTenantObjectsRemovesAllOfOneTenantAndNothingOfAnother(string kind)
    {
        var store = StoreFor(kind);
        var skills = new SkillStore(store, new BundledSkills(), TimeProvider.System, NullLogger<SkillStore>.Instance);
        var (a, b) = ("purge-a" + Guid.NewGuid().ToString("N")[..6], "purge-a" + Guid.NewGuid().ToString("N")[..6]);
        // "b" shares "a"'s first characters: a prefix without its trailing '/' would take both.
        var aPrefixTwin = a + "x";
        foreach (var t in new[] { a, b, aPrefixTwin })
        {
            await skills.ProvisionAsync(t, CancellationToken.None);
            await skills.PutSkillAsync(t, SkillDocument.TryParse(SkillText.Of("own-skill"), out _)!, CancellationToken.None);
        }
        var bKeys = await store.ListAsync(b + "/", CancellationToken.None);
        var twinKeys = await store.ListAsync(aPrefixTwin + "/", CancellationToken.None);

        var deleted = await skills.DeleteTenantObjectsAsync(a, CancellationToken.None);

        Assert.True(deleted >= 7, $"deleted {deleted}");
        Assert.Empty(await store.ListAsync(a + "/", CancellationToken.None));
        Assert.Null(await skills.GetPersonaAsync(a, CancellationToken.None));
        Assert.Equal(bKeys, await store.ListAsync(b + "/", CancellationToken.None));
        Assert.Equal(twinKeys, await store.ListAsync(aPrefixTwin + "/", CancellationToken.None));
        Assert.Equal(0, await skills.DeleteTenantObjectsAsync(a, CancellationToken.None));
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("local")]
    public async Task BothStoresPutGetListAndDeleteAlike(string kind)
    {
        var store = StoreFor(kind);
        var t = "store-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Null(await store.GetAsync($"{t}/SOUL.md", CancellationToken.None));
        Assert.False(await store.ExistsAsync($"{t}/SOUL.md", CancellationToken.None));

        await store.PutAsync($"{t}/SOUL.md", "héllo ✓", SkillStore.MarkdownType, CancellationToken.None);
        await store.PutAsync($"{t}/skills/b/SKILL.md", "b", SkillStore.MarkdownType, CancellationToken.None);
        await store.PutAsync($"{t}/skills/a/SKILL.md", "a", SkillStore.MarkdownType, CancellationToken.None);
        await store.PutAsync($"{t}/SOUL.md", "replaced ✓", SkillStore.MarkdownType, CancellationToken.None);

        var soul = await store.GetAsync($"{t}/SOUL.md", CancellationToken.None);
        Assert.Equal("replaced ✓", soul?.Content);
        Assert.True(soul!.LastModified > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal([$"{t}/skills/a/SKILL.md", $"{t}/skills/b/SKILL.md"],
            (await store.ListAsync($"{t}/skills/", CancellationToken.None)).Select(e => e.Key));
        Assert.Equal(3, (await store.ListAsync($"{t}/", CancellationToken.None)).Count);
        Assert.True(await store.DeleteAsync($"{t}/skills/a/SKILL.md", CancellationToken.None));
        Assert.False(await store.DeleteAsync($"{t}/skills/a/SKILL.md", CancellationToken.None));
        Assert.Equal([$"{t}/skills/b/SKILL.md"], (await store.ListAsync($"{t}/skills/", CancellationToken.None)).Select(e => e.Key));
    }

    [Fact]
    public async Task TheS3StoreCreatesItsBucketWhenMissing()
    {
        using var fresh = HermesX.Testing.TestObjectStores.Minio(S3TestEnvironment.Options(S3TestEnvironment.NewBucket()));
        await fresh.PutAsync("t/SOUL.md", "x", SkillStore.MarkdownType, CancellationToken.None);
        Assert.Equal("x", (await fresh.GetAsync("t/SOUL.md", CancellationToken.None))?.Content);
        await fresh.DeletePrefixAsync("", CancellationToken.None);
    }

    [Fact]
    public async Task TheLocalStoreRefusesKeysThatLeaveItsDirectory()
    {
        var store = new LocalDirectoryObjectStore(_dir);
        foreach (var key in new[] { "../escape", "a/../../escape", "a//b", "/abs", "a\\..\\b", ".staging/x" })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, "x", "text/plain", CancellationToken.None));
        }
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_dir)!, "escape")));
    }

    [Fact]
    public async Task ReadinessReportsAnUnreachableStoreAndAHealthyOne()
    {
        var down = S3TestEnvironment.Options(_bucket) with { Endpoint = "127.0.0.1:" + HermesX.Testing.Ports.Free() };
        using var unreachable = HermesX.Testing.TestObjectStores.Minio(down);
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("object_store", _ => null!, HealthStatus.Degraded, null),
        };
        var problem = await new HermesX.Frontend.Skills.ObjectStoreReadinessCheck(unreachable).CheckHealthAsync(context, CancellationToken.None);
        Assert.Equal(HealthStatus.Degraded, problem.Status);
        Assert.StartsWith("unreachable: ", problem.Description);
        Assert.Equal(HealthStatus.Healthy,
            (await new HermesX.Frontend.Skills.ObjectStoreReadinessCheck(_s3).CheckHealthAsync(context, CancellationToken.None)).Status);
    }
}
